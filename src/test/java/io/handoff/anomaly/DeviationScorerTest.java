package io.handoff.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeviationScorerTest {
    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z"); // a Monday

    @Test
    void theWarmUpNeverAlarmsAndEveryScoreIsInZeroToOne() {
        DeviationScorer scorer = new DeviationScorer();
        Random random = new Random(1);
        for (int i = 0; i < 2000; i++) {
            double score = scorer.score(
                    T0.plusSeconds(300L * i), i < 100 ? 1000 * random.nextGaussian() : random.nextGaussian());
            assertThat(score).isBetween(0.0, 1.0);
            if (i < DeviationScorer.WARM_UP) {
                assertThat(score).isZero();
            }
        }
    }

    @Test
    void aValueBeyondEverythingSeenScoresOneAndASilentSourceToo() {
        DeviationScorer flood = new DeviationScorer();
        DeviationScorer silence = new DeviationScorer();
        Random random = new Random(2);
        double highestNoise = 0;
        for (int i = 0; i < 1000; i++) {
            Instant t = T0.plusSeconds(60L * i);
            highestNoise = Math.max(
                    highestNoise,
                    i > 300
                            ? flood.score(t, 50 + random.nextGaussian())
                            : flood.score(t, 50 + random.nextGaussian()) * 0);
            silence.score(t, 10 + random.nextInt(5));
        }
        assertThat(highestNoise).isLessThan(0.6);
        assertThat(flood.score(T0.plusSeconds(60_000), 50 + 12)).isEqualTo(1.0);
        assertThat(silence.score(T0.plusSeconds(60_000), 0)).isEqualTo(1.0);
    }

    @Test
    void withinTheRangeAPointFarFromItsHoursUsualValueRanksAboveTheNoiseAndMoreExtremeRanksHigher() {
        DeviationScorer scorer = new DeviationScorer();
        Random random = new Random(3);
        double highestNoise = 0;
        int points = 24 * 12 * 14; // two weeks of a daily cycle, 5-minute points
        for (int i = 0; i < points; i++) {
            Instant t = T0.plusSeconds(300L * i);
            double score = scorer.score(t, daily(t) + random.nextGaussian());
            if (i > points / 2) {
                highestNoise = Math.max(highestNoise, score);
            }
        }
        Instant noon = T0.plus(Duration.ofDays(14)).plus(Duration.ofHours(12)); // the cycle's low
        // 138 is close to the day's usual peak, so within the range, but far above what noon shows.
        double unusual = scorer.score(noon, 138);
        assertThat(unusual).isGreaterThan(highestNoise).isGreaterThan(0.8);
    }

    @Test
    void aWeekdayLevelIsUsualOnAWednesdayAndAnAlarmOnASaturdayOnceTheWeekIsLearned() {
        double[] scores = new double[3];
        Instant monday = T0.plus(
                Duration.ofDays(7 * 20)); // after twenty weeks of an hourly series, weekends at a fifth of weekdays
        Instant[] at = {
            monday.plus(Duration.ofDays(2)).plusSeconds(12 * 3600),
            monday.plus(Duration.ofDays(5)).plusSeconds(12 * 3600),
            monday.plus(Duration.ofDays(5)).plusSeconds(12 * 3600)
        };
        double[] values = {100, 100, 20};
        for (int run = 0; run < 3; run++) {
            DeviationScorer scorer = new DeviationScorer();
            Random random = new Random(4);
            for (Instant t = T0; t.isBefore(at[run]); t = t.plus(Duration.ofHours(1))) {
                scorer.score(t, weekly(t) + random.nextGaussian());
            }
            scores[run] = scorer.score(at[run], values[run]);
        }
        assertThat(scores[0]).as("Wednesday noon at weekday level").isLessThan(0.2);
        assertThat(scores[1]).as("Saturday noon at weekday level").isGreaterThan(0.5); // an alarm: z >= 4
        assertThat(scores[2]).as("Saturday noon at Saturday level").isLessThan(0.2);
    }

    @Test
    void aMonthEndPeakIsExpectedAtMonthEndAndUnusualMidMonth() {
        DeviationScorer scorer = new DeviationScorer();
        Random random = new Random(5);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        Instant end = Instant.parse("2026-06-15T00:00:00Z");
        while (t.isBefore(end)) {
            scorer.score(t, monthly(t) + random.nextGaussian());
            t = t.plus(Duration.ofHours(1));
        }
        assertThat(DeviationScorer.isMonthEnd(Instant.parse("2026-06-29T10:00:00Z")))
                .isTrue();
        assertThat(DeviationScorer.isMonthEnd(Instant.parse("2026-06-28T10:00:00Z")))
                .isFalse();
        double midMonthPeak = scorer.score(end, 300);
        for (Instant u = end.plus(Duration.ofHours(1));
                u.isBefore(Instant.parse("2026-06-29T10:00:00Z"));
                u = u.plus(Duration.ofHours(1))) {
            scorer.score(u, monthly(u) + random.nextGaussian());
        }
        double monthEndPeak = scorer.score(Instant.parse("2026-06-29T10:00:00Z"), 300);
        assertThat(midMonthPeak).as("a month-end peak in mid-month").isGreaterThan(0.5);
        assertThat(monthEndPeak).as("the peak at month end").isLessThan(0.2);
    }

    private static double daily(Instant t) {
        return 100
                + 40
                        * Math.cos(2
                                * Math.PI
                                * (t.getEpochSecond() % 86_400)
                                / 86_400.0); // high at midnight, low at noon
    }

    private static double weekly(Instant t) {
        int weekday = LocalDate.ofInstant(t, ZoneOffset.UTC).getDayOfWeek().getValue();
        return weekday >= 6 ? 20 : 100;
    }

    private static double monthly(Instant t) {
        return DeviationScorer.isMonthEnd(t) ? 300 : 100;
    }

    @Test
    void everyPointSaysWhyInOneLineAndTheDeviationItNamesIsTheOneItsScoreStandsFor() {
        DeviationScorer scorer = new DeviationScorer();
        Random random = new Random(7);
        Judgement first = scorer.judge(T0, 100);
        assertThat(first.signal()).isEqualTo(Judgement.Signal.WARMING_UP);
        assertThat(first.explanation()).isEqualTo("warming up: 1 of 150 points seen, no score before that");
        int points = 24 * 12 * 28; // four weeks of 5-minute points: hour of day and hour of week learned
        for (int i = 1; i < points; i++) {
            Instant t = T0.plusSeconds(300L * i);
            Judgement j = scorer.judge(t, daily(t) + random.nextGaussian());
            assertThat(j.explanation()).doesNotContain("\n").isNotBlank();
            if (i >= DeviationScorer.WARM_UP
                    && j.damped().isEmpty()
                    && !j.signal().name().endsWith("RANGE")) {
                // The score is z / (z + 4): the deviations the line names are the score's own, read back.
                double z = 4 * j.score() / (1 - j.score());
                assertThat(Math.abs(j.deviations())).isCloseTo(z, org.assertj.core.data.Offset.offset(1e-6 * (1 + z)));
            }
        }
        // A Monday at 14:00 far above the hour's usual value, still inside the range seen.
        Instant monday = T0.plusSeconds(28L * 24 * 3600 + 14 * 3600);
        double usual = daily(monday);
        Judgement high = scorer.judge(monday, usual + 20);
        assertThat(high.signal()).isEqualTo(Judgement.Signal.ABOVE_USUAL);
        assertThat(high.expected()).isCloseTo(usual, org.assertj.core.data.Offset.offset(6.0));
        assertThat(high.explanation())
                .matches(
                        "[0-9.]+ is [0-9.]+ deviations above the usual [0-9.]+ for Monday 14:00 UTC(; lowered: shortly after an alarm)?");
        Judgement flood = scorer.judge(monday.plusSeconds(300), 1000);
        assertThat(flood.signal()).isEqualTo(Judgement.Signal.ABOVE_RANGE);
        assertThat(flood.explanation()).startsWith("1000 is above anything this series has shown (highest ");
        Judgement silence = scorer.judge(monday.plusSeconds(600), -1000);
        assertThat(silence.signal()).isEqualTo(Judgement.Signal.BELOW_RANGE);
        assertThat(silence.explanation()).startsWith("-1000 is below anything this series has shown (lowest ");
    }

    @Test
    void aSpikeTheSeriesShowsEveryDayStopsAlarmingWhileASpikeOfAnotherSizeStillAlarms() {
        DeviationScorer scorer = new DeviationScorer();
        Random random = new Random(8);
        int day = 24 * 12; // 5-minute points
        // A nightly batch: one point at 02:00 every day, 30 above a level of 10 with noise of 1 (z about 30).
        double[] spikeScores = new double[12];
        for (int i = 0; i < 12 * day; i++) {
            Instant t = T0.plusSeconds(300L * i);
            boolean batch = i % day == 24;
            double value = 10 + random.nextGaussian() + (batch ? 30 : 0);
            double score = scorer.score(t, value);
            if (batch) {
                spikeScores[i / day] = score;
            }
        }
        // The first spikes are news (day 0 is in the warm-up and out of range anyway); once four like it are
        // remembered, the same spike is lowered, and lowered more the more often it has been seen.
        assertThat(spikeScores[2]).as("third nightly spike").isGreaterThan(0.5);
        assertThat(spikeScores[11]).as("twelfth nightly spike").isLessThan(0.35);
        Judgement other = scorer.judge(T0.plusSeconds(300L * (12 * day + 100)), 10 + 18);
        assertThat(other.score()).as("a spike of another size").isGreaterThan(0.5);
        assertThat(other.damped()).doesNotContain("recurring");
        Judgement again = scorer.judge(T0.plusSeconds(300L * (13 * day + 24)), 10 + 30);
        assertThat(again.damped()).startsWith("recurring, like ");
        assertThat(again.explanation()).contains("; lowered: recurring, like ");
    }

    @Test
    void rightAfterAnAlarmAPointBeyondTheRangeIsStillNewsButAnotherDeviationIsLowered() {
        DeviationScorer scorer = new DeviationScorer();
        Random random = new Random(9);
        int points = 24 * 12 * 14; // two weeks of a daily cycle between 60 and 140, 5-minute points
        for (int i = 0; i < points; i++) {
            Instant t = T0.plusSeconds(300L * i);
            scorer.score(t, daily(t) + random.nextGaussian());
        }
        Instant t = T0.plus(Duration.ofDays(14)).plus(Duration.ofHours(12)); // noon, the cycle's low
        Judgement alarm = scorer.judge(t, 110); // inside the range, far above noon's usual
        assertThat(alarm.signal()).isEqualTo(Judgement.Signal.ABOVE_USUAL);
        assertThat(alarm.score()).as("the alarm").isGreaterThan(0.5);
        Judgement deviation = scorer.judge(t.plusSeconds(300), 110);
        assertThat(deviation.damped()).isEqualTo("shortly after an alarm");
        assertThat(deviation.score()).isLessThan(0.5);
        Judgement flood = scorer.judge(t.plusSeconds(600), 500);
        assertThat(flood.signal()).isEqualTo(Judgement.Signal.ABOVE_RANGE);
        assertThat(flood.score()).isEqualTo(1.0);
        assertThat(flood.damped()).isEmpty();
    }

    @Test
    void businessSeriesMostlyZeroAtNightSparseCountsAndRatiosRaiseAlmostNoAlertOverThreeWeeks() {
        Instant monday = Instant.parse("2026-11-02T00:00:00Z");
        for (String kind : new String[] {"zero at night", "sparse counts", "failure ratio", "steady counts"}) {
            Random random = new Random(42);
            DeviationScorer scorer = new DeviationScorer();
            int alerts = 0;
            for (int i = 0; i < 60 * 24 * 28; i++) { // four weeks of one point a minute, the live scorers' rate
                int hour = (i / 60) % 24;
                boolean office = hour >= 8 && hour < 18 && (i / 1440) % 7 < 5;
                double value = switch (kind) {
                    case "zero at night" -> poisson(random, office ? 20 : 0.05); // events per minute
                    case "sparse counts" -> poisson(random, office ? 0.5 : 0.02); // exceptions opened
                    case "failure ratio" -> {
                        int messages = poisson(random, office ? 30 : 2);
                        yield messages == 0 ? 0 : (double) poisson(random, messages * 0.02) / messages;
                    }
                    default -> poisson(random, 50);
                };
                double score = scorer.score(monday.plusSeconds(60L * i), value);
                if (i > 60 * 24 * 7 && score >= 0.8) { // HandoffAnomalyScoreHigh's threshold, after the first week
                    alerts++;
                }
            }
            assertThat(alerts)
                    .as(kind + ": points at the alert's threshold in three weeks")
                    .isLessThanOrEqualTo(3);
        }
    }

    private static int poisson(Random random, double mean) {
        double limit = Math.exp(-mean);
        double product = 1;
        int k = 0;
        do {
            k++;
            product *= random.nextDouble();
        } while (product > limit);
        return k - 1;
    }

    @Test
    void numbersReadLikeAPersonWritesThem() {
        assertThat(Judgement.number(0)).isEqualTo("0");
        assertThat(Judgement.number(4.0)).isEqualTo("4");
        assertThat(Judgement.number(4.25)).isEqualTo("4.25");
        assertThat(Judgement.number(12.34)).isEqualTo("12.3");
        assertThat(Judgement.number(1234.5)).isEqualTo("1235");
        assertThat(Judgement.number(0.012345)).isEqualTo("0.0123");
        assertThat(Judgement.number(-3.5)).isEqualTo("-3.5");
        assertThat(Judgement.number(0.00001234)).isEqualTo("0.0000123");
    }
}
