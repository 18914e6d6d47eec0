package io.handoff.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeviationScorerTest {
    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");

    @Test
    void theWarmUpNeverAlarmsAndEveryScoreIsInZeroToOne() {
        DeviationScorer scorer = new DeviationScorer();
        Random random = new Random(1);
        for (int i = 0; i < 2000; i++) {
            double score = scorer.score(T0.plusSeconds(300L * i), i < 100 ? 1000 * random.nextGaussian() : random.nextGaussian());
            assertThat(score).isBetween(0.0, 1.0);
            if (i < DeviationScorer.WARM_UP) {
                assertThat(score).isZero();
            }
        }
    }

    @Test
    void aSpikeInANoisySeriesScoresFarAboveTheNoise() {
        DeviationScorer scorer = new DeviationScorer();
        Random random = new Random(2);
        double highestNoise = 0;
        for (int i = 0; i < 1000; i++) {
            double score = scorer.score(T0.plusSeconds(300L * i), 50 + random.nextGaussian());
            if (i > 300) {
                highestNoise = Math.max(highestNoise, score);
            }
        }
        double spike = scorer.score(T0.plusSeconds(300L * 1000), 50 + 12);
        assertThat(spike).isGreaterThan(0.999999).isGreaterThan(highestNoise);
    }

    @Test
    void theNormalCdfIsAccurate() {
        assertThat(DeviationScorer.normalCdf(0)).isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-7));
        assertThat(DeviationScorer.normalCdf(1.96)).isCloseTo(0.975, org.assertj.core.api.Assertions.within(1e-4));
        assertThat(DeviationScorer.normalCdf(-3)).isCloseTo(0.0013499, org.assertj.core.api.Assertions.within(1e-6));
    }
}
