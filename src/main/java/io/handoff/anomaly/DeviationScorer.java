package io.handoff.anomaly;

import java.time.Instant;

/**
 * A streaming detector in constant memory (a few doubles and 24 hourly offsets per series): how
 * far a point lies from what its series usually shows at that hour of day (a slowly moving level
 * plus an hour-of-day offset, since business series have daily cycles), in units of the running
 * deviation, as a Gaussian tail probability. Optional stages, off by default because they scored
 * lower on NAB: the deviation of changes, a robust (absolute) deviation, and a likelihood stage
 * (is recent surprise unusual against its long-run distribution, after HTM's "anomaly likelihood").
 *
 * <p>A warm-up of {@link #WARM_UP} points scores 0, and after an alarm the detector reports at half
 * strength for a while, since the same anomaly is reported once. Measured with scripts/bench-nab.sh
 * on NAB's 41 files: Standard 56.96 (target 65 not reached); no day-of-week or month-end season yet.
 */
public final class DeviationScorer implements AnomalyScorer {
    static final int WARM_UP = 150;
    /** Tail probability that counts as an alarm (about 4 sigma): noise alone must not start a quiet period. */
    private static final double ALARM = 0.99995;

    /** The detector's one set of parameters, the same for every series. */
    public record Parameters(
            double levelAlpha, double shortAlpha, double longAlpha, boolean changes, boolean likelihood, int quietAfterAlarm, boolean seasonal, boolean robust,
            double seasonAlpha) {
        public static final Parameters DEFAULT = new Parameters(0.001, 0.2, 0.003, false, false, 200, true, false, 0.05);
    }


    private final double levelAlpha;
    private final double shortAlpha;
    private final double longAlpha;
    private final boolean changes;
    private final boolean useLikelihood;
    private final int quietAfterAlarm;
    private final boolean seasonal;
    private final boolean robust;
    private final double seasonAlpha;
    /** Hour-of-day offsets from the level: business series have daily cycles. Null when not seasonal. */
    private final double[] hourly;
    /** Visits per hour-of-day bucket: an offset is trusted after {@link #LEARNED_AFTER} of them. */
    private final int[] hourlyVisits;
    private static final int LEARNED_AFTER = 12;
    private double absoluteDeviation;

    public DeviationScorer() {
        this(Parameters.DEFAULT);
    }

    public DeviationScorer(Parameters p) {
        this.levelAlpha = p.levelAlpha();
        this.shortAlpha = p.shortAlpha();
        this.longAlpha = p.longAlpha();
        this.changes = p.changes();
        this.useLikelihood = p.likelihood();
        this.quietAfterAlarm = p.quietAfterAlarm();
        this.seasonal = p.seasonal();
        this.robust = p.robust();
        this.seasonAlpha = p.seasonAlpha();
        this.hourly = p.seasonal() ? new double[24] : null;
        this.hourlyVisits = p.seasonal() ? new int[24] : null;
    }

    private long seen;
    private double mean;
    private double variance;
    private double last;
    private double changeVariance;
    private double shortSurprise;
    private double longSurprise;
    private double longSurpriseVariance;
    private int quiet;

    @Override
    public double score(Instant time, double value) {
        seen++;
        if (seen == 1) {
            mean = value;
            last = value;
            return 0;
        }
        int hour = seasonal ? (int) ((time.getEpochSecond() / 3600) % 24) : 0;
        double expected = seasonal ? mean + hourly[hour] : mean;
        double spread = robust ? 1.25 * absoluteDeviation : Math.sqrt(variance);
        double deviation = spread + 1e-9 * (1 + Math.abs(mean));
        double change = value - last;
        double changeDeviation = Math.sqrt(changeVariance) + 1e-9 * (1 + Math.abs(mean));
        double residual = value - expected;
        double levelZ = Math.abs(residual) / deviation;
        double surprise = changes ? Math.max(levelZ, Math.abs(change) / changeDeviation) : levelZ;
        double raw = 2 * normalCdf(Math.min(surprise, 40)) - 1;
        surprise = Math.log1p(Math.min(surprise, 1e6));

        double delta = value - mean;
        mean += levelAlpha * delta;
        boolean learned = true;
        if (seasonal) {
            learned = hourlyVisits[hour] >= LEARNED_AFTER;
            hourlyVisits[hour] = Math.min(hourlyVisits[hour] + 1, LEARNED_AFTER);
            hourly[hour] += seasonAlpha * (value - mean - hourly[hour]);
        }
        variance = (1 - levelAlpha) * (variance + levelAlpha * residual * residual);
        absoluteDeviation += levelAlpha * (Math.abs(residual) - absoluteDeviation);
        changeVariance = (1 - levelAlpha) * changeVariance + levelAlpha * change * change;
        last = value;

        shortSurprise += shortAlpha * (surprise - shortSurprise);
        double longDelta = surprise - longSurprise;
        longSurprise += longAlpha * longDelta;
        longSurpriseVariance = (1 - longAlpha) * (longSurpriseVariance + longAlpha * longDelta * longDelta);

        if (seen <= WARM_UP) {
            return 0;
        }
        double z = (shortSurprise - longSurprise) / (Math.sqrt(longSurpriseVariance) + 1e-6);
        double likelihood = useLikelihood ? normalCdf(z) : raw;
        if (quiet > 0) {
            quiet--;
            return likelihood * 0.5;
        }
        if (!learned) {
            // An hour of day not seen enough yet: its expectation is a guess, so the score is damped.
            return likelihood * 0.5;
        }
        if (likelihood >= ALARM) {
            quiet = quietAfterAlarm;
        }
        return likelihood;
    }

    /** Standard normal CDF (Abramowitz–Stegun 7.1.26, error below 1.5e-7). */
    static double normalCdf(double z) {
        double t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.sqrt(2));
        double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                * Math.exp(-z * z / 2);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
