package io.handoff.demo;

import io.handoff.anomaly.History;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Random;
import org.jboss.logging.Logger;

/**
 * Three simulated weeks of each business series for the anomaly scorers to learn from when the demo starts with
 * nothing learned, so the Anomalies dashboard shows scores within a minute instead of after a 150-point warm-up.
 * Demo data only: the simulated points are learned, never stored or scored, and the log says so. The demo firm works
 * around the clock at steady rates, so its past is its first value with the noise of a steady process: counts vary
 * like Poisson counts, ratios and latencies by a tenth.
 */
@ApplicationScoped
public class DemoHistory implements History {
    private static final Logger LOG = Logger.getLogger(DemoHistory.class);
    static final Duration STEP = Duration.ofMinutes(5);
    static final int POINTS = (int) (Duration.ofDays(21).toMinutes() / STEP.toMinutes());

    private final DemoConfig config;
    private boolean announced;

    public DemoHistory(DemoConfig config) {
        this.config = config;
    }

    @Override
    public Duration step() {
        return STEP;
    }

    @Override
    public synchronized double[] before(String series, String subject, double first) {
        if (!config.enabled() || Double.isNaN(first) || Double.isInfinite(first)) {
            return new double[0];
        }
        if (!announced) {
            LOG.info("Demo: the anomaly scorers learn three simulated weeks of each series first (demo data, never"
                    + " stored): scores show within a minute");
            announced = true;
        }
        Random random = new Random((series + "|" + subject).hashCode());
        double[] past = new double[POINTS];
        boolean ratio = series.endsWith("_ratio");
        boolean count = series.equals("source_events") || series.equals("exceptions_opened");
        for (int i = 0; i < POINTS; i++) {
            double value;
            if (count) {
                value = poisson(random, Math.max(first, 0.05));
            } else {
                value = Math.max(0, first * (1 + 0.1 * random.nextGaussian()));
            }
            past[i] = ratio ? Math.min(1, value) : value;
        }
        return past;
    }

    /** A Poisson count with this mean (Knuth's method below 30, a rounded normal above). */
    private static double poisson(Random random, double mean) {
        if (mean > 30) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }
}
