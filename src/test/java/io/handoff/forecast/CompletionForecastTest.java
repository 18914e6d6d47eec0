package io.handoff.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CompletionForecastTest {
    /** 90 clocks met evenly between 0 and half the target, 10 breached. */
    private static CompletionForecast learned() {
        CompletionForecast forecast = new CompletionForecast(30);
        for (int i = 0; i < 90; i++) {
            forecast.met(i / 180.0);
        }
        for (int i = 0; i < 10; i++) {
            forecast.breached();
        }
        return forecast;
    }

    @Test
    void aFreshClockHasTheBaseBreachRateAndOneThatOutlivedEveryMetClockIsLikelyToBreach() {
        CompletionForecast forecast = learned();

        // (10 + 1) / (100 + 2): Laplace-smoothed share of breaches
        assertThat(forecast.breachProbability(0))
                .hasValueSatisfying(p -> assertThat(p).isCloseTo(11.0 / 102, within(1e-9)));
        // past 0.5 of the target no clock was ever met: only the 10 breached ones ran that long
        assertThat(forecast.breachProbability(0.6))
                .hasValueSatisfying(p -> assertThat(p).isCloseTo(11.0 / 12, within(1e-9)));
        // a quarter of the way: the 45 met later than that and the 10 breached are the survivors
        assertThat(forecast.breachProbability(0.25))
                .hasValueSatisfying(p -> assertThat(p).isCloseTo(11.0 / 57, within(1e-9)));
        assertThat(forecast.breachProbability(1.0)).contains(1.0);
    }

    @Test
    void theProbabilityGrowsWithTheTimeAClockHasRun() {
        CompletionForecast forecast = learned();
        double before = 0;
        for (double a = 0; a < 1; a += 0.05) {
            double p = forecast.breachProbability(a).orElseThrow();
            assertThat(p).isGreaterThanOrEqualTo(before);
            before = p;
        }
    }

    @Test
    void untilEnoughClocksWereSeenThereIsNoForecast() {
        CompletionForecast forecast = new CompletionForecast(30);
        for (int i = 0; i < 29; i++) {
            forecast.met(0.1);
        }
        assertThat(forecast.breachProbability(0.9)).isEmpty();
        forecast.breached();
        assertThat(forecast.breachProbability(0.9)).isPresent();
    }
}
