package io.handoff.anomaly;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A streaming detector in constant memory (about 2 KB per series: a few doubles and 193 seasonal offsets): how far
 * a point lies from what its series usually shows at that time, and whether it leaves the range the
 * series has ever shown.
 *
 * <ul>
 *   <li><b>Expectation</b>: a slowly moving level plus seasonal offsets that business series have:
 *       hour of day, day of week, and the last two days of a month (month-end peaks). An offset is used
 *       only once its season has been seen often enough to be more than a guess.
 *   <li><b>Deviation</b>: the residual in units of its running standard deviation, {@code z}, mapped
 *       to {@code z / (z + 4)}: monotone and never saturating, so that among extreme points the more
 *       extreme still ranks higher (a Gaussian tail probability rounds them all to 1.0, which cost 14
 *       NAB points).
 *   <li><b>Range</b>: a point more than 5 % of the range beyond the lowest or highest value ever seen
 *       scores 1.0 (a silent source drops below, a flood rises above).
 *   <li>A warm-up of {@link #WARM_UP} points scores 0; after an alarm ({@code z ≥ 4} or out of range)
 *       the detector reports at half strength for a while, since one anomaly is reported once; an hour
 *       of day seen fewer than {@link #LEARNED_AFTER} times scores at half strength too.
 * </ul>
 *
 * Measured with scripts/bench-nab.sh on NAB's 41 files (README, "Anomaly benchmark").
 */
public final class DeviationScorer implements AnomalyScorer {
    static final int WARM_UP = 150;
    static final int LEARNED_AFTER = 12;
    /** Month-end points seen before the month-end offset is used: three days' worth of hourly points. */
    private static final int DAY_LEARNED_AFTER = 3 * 24;
    /** Different weeks an hour of the week is seen in before its offset replaces the hour of day's. */
    static final int WEEKS_LEARNED = 3;
    /** z at which a point is an alarm (about 1 in 16,000 for Gaussian noise): noise alone must not start a quiet period. */
    private static final double ALARM_Z = 4;

    /** The detector's one set of parameters, the same for every series. */
    public record Parameters(double levelAlpha, double seasonAlpha, int quietAfterAlarm, double rangeTolerance) {
        public static final Parameters DEFAULT = new Parameters(0.001, 0.05, 200, 0.05);
    }

    private final double levelAlpha;
    private final double seasonAlpha;
    private final int quietAfterAlarm;
    private final double rangeTolerance;
    private final double[] hourly = new double[24];
    private final int[] hourlyVisits = new int[24];
    /** Offsets by hour of the week, used once their hour has been seen in {@link #WEEKS_LEARNED} different weeks. */
    private final double[] weekly = new double[168];

    private final int[] weeklyLastWeek = new int[168];
    private final byte[] weeklyWeeks = new byte[168];
    private double monthEnd;
    private int monthEndVisits;
    private long seen;
    private double mean;
    private double variance;
    private double min;
    private double max;
    private int quiet;
    /** The day {@link #atMonthEnd} was worked out for (one date calculation per day, not per point). */
    private long monthEndDay = Long.MIN_VALUE;

    private boolean atMonthEnd;

    public DeviationScorer() {
        this(Parameters.DEFAULT);
    }

    public DeviationScorer(Parameters parameters) {
        this.levelAlpha = parameters.levelAlpha();
        this.seasonAlpha = parameters.seasonAlpha();
        this.quietAfterAlarm = parameters.quietAfterAlarm();
        this.rangeTolerance = parameters.rangeTolerance();
    }

    /**
     * Everything the scorer has learned, as plain values: kept across restarts so that a series is not learned
     * again from nothing (150 points of warm-up, three weeks for the hour of the week). A scorer restored from it
     * scores the next points exactly as the one it was taken from would have.
     */
    public record State(
            long seen,
            double mean,
            double variance,
            double min,
            double max,
            int quiet,
            double[] hourly,
            int[] hourlyVisits,
            double[] weekly,
            int[] weeklyLastWeek,
            int[] weeklyWeeks,
            double monthEnd,
            int monthEndVisits,
            long monthEndDay,
            boolean atMonthEnd) {
        /** Whether the arrays have the sizes a scorer's have (a file from another version does not). */
        boolean fits() {
            return hourly != null
                    && hourly.length == 24
                    && hourlyVisits != null
                    && hourlyVisits.length == 24
                    && weekly != null
                    && weekly.length == 168
                    && weeklyLastWeek != null
                    && weeklyLastWeek.length == 168
                    && weeklyWeeks != null
                    && weeklyWeeks.length == 168;
        }
    }

    /** A copy of what the scorer has learned. */
    public synchronized State state() {
        int[] weeks = new int[168];
        for (int i = 0; i < 168; i++) {
            weeks[i] = weeklyWeeks[i];
        }
        return new State(
                seen,
                mean,
                variance,
                min,
                max,
                quiet,
                hourly.clone(),
                hourlyVisits.clone(),
                weekly.clone(),
                weeklyLastWeek.clone(),
                weeks,
                monthEnd,
                monthEndVisits,
                monthEndDay,
                atMonthEnd);
    }

    /** A scorer that goes on from {@code state}, taken from one with the same parameters. */
    public static DeviationScorer restored(Parameters parameters, State state) {
        if (!state.fits()) {
            throw new IllegalArgumentException("not the state of a DeviationScorer of this version");
        }
        DeviationScorer scorer = new DeviationScorer(parameters);
        scorer.seen = state.seen();
        scorer.mean = state.mean();
        scorer.variance = state.variance();
        scorer.min = state.min();
        scorer.max = state.max();
        scorer.quiet = state.quiet();
        System.arraycopy(state.hourly(), 0, scorer.hourly, 0, 24);
        System.arraycopy(state.hourlyVisits(), 0, scorer.hourlyVisits, 0, 24);
        System.arraycopy(state.weekly(), 0, scorer.weekly, 0, 168);
        System.arraycopy(state.weeklyLastWeek(), 0, scorer.weeklyLastWeek, 0, 168);
        for (int i = 0; i < 168; i++) {
            scorer.weeklyWeeks[i] = (byte) state.weeklyWeeks()[i];
        }
        scorer.monthEnd = state.monthEnd();
        scorer.monthEndVisits = state.monthEndVisits();
        scorer.monthEndDay = state.monthEndDay();
        scorer.atMonthEnd = state.atMonthEnd();
        return scorer;
    }

    @Override
    public synchronized double score(Instant time, double value) {
        return judge(time, value).score();
    }

    @Override
    public synchronized Judgement judge(Instant time, double value) {
        seen++;
        if (seen == 1) {
            mean = value;
            min = value;
            max = value;
            return new Judgement(0, Judgement.Signal.WARMING_UP, value, Double.NaN, value, null, value, seen, "");
        }
        long hours = Math.floorDiv(time.getEpochSecond(), 3600);
        int hour = (int) Math.floorMod(hours, 24);
        int hourOfWeek = (int) Math.floorMod(hours + 3 * 24, 168); // 1970-01-01 was a Thursday: 0 is Monday 00:00
        int week = (int) Math.floorDiv(hours + 3 * 24, 168);
        long day = hours / 24;
        if (day != monthEndDay) {
            monthEndDay = day;
            atMonthEnd = isMonthEnd(time);
        }
        boolean weekKnown = weeklyWeeks[hourOfWeek] >= WEEKS_LEARNED;
        boolean monthEndKnown = atMonthEnd && monthEndVisits >= DAY_LEARNED_AFTER;
        double season = (weekKnown ? weekly[hourOfWeek] : hourly[hour]) + (monthEndKnown ? monthEnd : 0);
        double expected = mean + season;
        double residual = value - expected;
        double deviation = Math.sqrt(variance) + 1e-9 * (1 + Math.abs(mean));
        double z = Math.abs(residual) / deviation;
        double range = max - min;
        boolean above = range > 0 && value > max + rangeTolerance * range;
        boolean below = range > 0 && value < min - rangeTolerance * range;
        boolean outOfRange = above || below;
        double bound = above ? max : min;
        min = Math.min(min, value);
        max = Math.max(max, value);
        learn(value, residual, hour, hourOfWeek, week, monthEndKnown);

        if (seen <= WARM_UP) {
            return new Judgement(0, Judgement.Signal.WARMING_UP, value, Double.NaN, expected, null, bound, seen, "");
        }
        double score = outOfRange ? 1.0 : z / (z + ALARM_Z);
        Judgement.Signal signal = above
                ? Judgement.Signal.ABOVE_RANGE
                : below
                        ? Judgement.Signal.BELOW_RANGE
                        : z < Judgement.USUAL_WITHIN
                                ? Judgement.Signal.USUAL
                                : residual > 0 ? Judgement.Signal.ABOVE_USUAL : Judgement.Signal.BELOW_USUAL;
        double signed = Math.copySign(z, residual);
        Judgement.Season when = new Judgement.Season(hour, weekKnown ? hourOfWeek / 24 : -1, monthEndKnown);
        if (quiet > 0) {
            quiet--;
            return new Judgement(
                    score * 0.5, signal, value, signed, expected, when, bound, seen, "shortly after an alarm");
        }
        if (hourlyVisits[hour] < LEARNED_AFTER) {
            return new Judgement(
                    score * 0.5,
                    signal,
                    value,
                    signed,
                    expected,
                    when,
                    bound,
                    seen,
                    "this hour of day seen " + hourlyVisits[hour] + " of " + LEARNED_AFTER + " times");
        }
        if (outOfRange || z >= ALARM_Z) {
            quiet = quietAfterAlarm;
        }
        return new Judgement(score, signal, value, signed, expected, when, bound, seen, "");
    }

    private void learn(double value, double residual, int hour, int hourOfWeek, int week, boolean monthEndKnown) {
        mean += levelAlpha * (value - mean);
        double monthEndPart = monthEndKnown ? monthEnd : 0;
        hourlyVisits[hour] = Math.min(hourlyVisits[hour] + 1, LEARNED_AFTER);
        hourly[hour] += seasonAlpha * (value - mean - hourly[hour] - monthEndPart);
        if (weeklyLastWeek[hourOfWeek] != week) {
            weeklyLastWeek[hourOfWeek] = week;
            weeklyWeeks[hourOfWeek] = (byte) Math.min(weeklyWeeks[hourOfWeek] + 1, WEEKS_LEARNED);
            if (weeklyWeeks[hourOfWeek] == 1) {
                weekly[hourOfWeek] = hourly[hour]; // start from what the hour of day says
            }
        }
        weekly[hourOfWeek] += seasonAlpha * 2 * (value - mean - weekly[hourOfWeek] - monthEndPart);
        if (atMonthEnd) {
            monthEndVisits = Math.min(monthEndVisits + 1, DAY_LEARNED_AFTER);
            double seasonal = weeklyWeeks[hourOfWeek] >= WEEKS_LEARNED ? weekly[hourOfWeek] : hourly[hour];
            monthEnd += seasonAlpha * (value - mean - seasonal - monthEnd);
        }
        variance = (1 - levelAlpha) * (variance + levelAlpha * residual * residual);
    }

    /** The last two days of the month (UTC), when invoicing and time approval peak. */
    static boolean isMonthEnd(Instant time) {
        LocalDate day = LocalDate.ofInstant(time, ZoneOffset.UTC);
        return day.getDayOfMonth() > day.lengthOfMonth() - 2;
    }
}
