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
 *   <li><b>Recurring extremes</b>: the residuals of the last {@link #EXTREMES} extreme points ({@code z ≥ 6} or
 *       out of range) are remembered; a point whose residual lies within 10 % of at least four of them (same
 *       direction) is something the series does (a nightly batch, a daily backup spike), and its score is divided
 *       by 2, 3, ... the more often it has been seen.
 *   <li>A warm-up of {@link #WARM_UP} points scores 0; after an alarm (score ≥ 0.5) the detector reports at half
 *       strength for a while, since one anomaly is reported once — except a point out of the range, which is news
 *       even then; an hour of day seen fewer than {@link #LEARNED_AFTER} times scores at half strength too.
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
    /**
     * z at which a point scores 0.5, an alarm unless lowered (about 1 in 16,000 for Gaussian noise): noise alone must
     * not start a quiet period.
     */
    private static final double ALARM_Z = 4;
    /** Extreme points remembered to recognise recurring ones. */
    static final int EXTREMES = 32;
    /** The score from which a point counts as extreme: z ≥ 6, or out of the range. */
    private static final double EXTREME_SCORE = 0.6;

    /**
     * The detector's one set of parameters, the same for every series.
     *
     * @param recurringAfter remembered extremes like a point from which it counts as recurring
     * @param recurringTolerance how close two residuals are to be alike, as a fraction of the point's residual
     */
    public record Parameters(
            double levelAlpha,
            double seasonAlpha,
            int quietAfterAlarm,
            double rangeTolerance,
            int recurringAfter,
            double recurringTolerance) {
        public static final Parameters DEFAULT = new Parameters(0.001, 0.05, 200, 0.05, 4, 0.1);
    }

    private final double levelAlpha;
    private final double seasonAlpha;
    private final int quietAfterAlarm;
    private final double rangeTolerance;
    private final int recurringAfter;
    private final double recurringTolerance;
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

    /** The residuals of the last extreme points, a ring of {@link #EXTREMES}. */
    private final double[] extremes = new double[EXTREMES];
    /** Whether each remembered extreme fell at month end: a month-end peak does not make one mid-month usual. */
    private final boolean[] extremesAtMonthEnd = new boolean[EXTREMES];

    private int extremesKept;
    private int extremesNext;

    public DeviationScorer() {
        this(Parameters.DEFAULT);
    }

    public DeviationScorer(Parameters parameters) {
        this.levelAlpha = parameters.levelAlpha();
        this.seasonAlpha = parameters.seasonAlpha();
        this.quietAfterAlarm = parameters.quietAfterAlarm();
        this.rangeTolerance = parameters.rangeTolerance();
        this.recurringAfter = parameters.recurringAfter();
        this.recurringTolerance = parameters.recurringTolerance();
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
            boolean atMonthEnd,
            double[] extremes,
            boolean[] extremesAtMonthEnd,
            int extremesKept,
            int extremesNext) {
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
                    && weeklyWeeks.length == 168
                    && extremes != null
                    && extremes.length == EXTREMES
                    && extremesAtMonthEnd != null
                    && extremesAtMonthEnd.length == EXTREMES
                    && extremesKept >= 0
                    && extremesKept <= EXTREMES
                    && extremesNext >= 0
                    && extremesNext < EXTREMES;
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
                atMonthEnd,
                extremes.clone(),
                extremesAtMonthEnd.clone(),
                extremesKept,
                extremesNext);
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
        System.arraycopy(state.extremes(), 0, scorer.extremes, 0, EXTREMES);
        System.arraycopy(state.extremesAtMonthEnd(), 0, scorer.extremesAtMonthEnd, 0, EXTREMES);
        scorer.extremesKept = state.extremesKept();
        scorer.extremesNext = state.extremesNext();
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
        double raw = outOfRange ? 1.0 : z / (z + ALARM_Z);
        int alike = alikeExtremes(residual);
        if (raw >= EXTREME_SCORE) {
            remember(residual);
        }
        Judgement.Signal signal = above
                ? Judgement.Signal.ABOVE_RANGE
                : below
                        ? Judgement.Signal.BELOW_RANGE
                        : z < Judgement.USUAL_WITHIN
                                ? Judgement.Signal.USUAL
                                : residual > 0 ? Judgement.Signal.ABOVE_USUAL : Judgement.Signal.BELOW_USUAL;
        double signed = Math.copySign(z, residual);
        Judgement.Season when = new Judgement.Season(hour, weekKnown ? hourOfWeek / 24 : -1, monthEndKnown);
        double score = raw;
        String lowered = "";
        if (alike >= recurringAfter) {
            score /= alike - recurringAfter + 2;
            lowered = "recurring, like " + alike + " of the last " + extremesKept + " extremes";
        }
        if (hourlyVisits[hour] < LEARNED_AFTER) {
            score *= 0.5;
            lowered = and(lowered, "this hour of day seen " + hourlyVisits[hour] + " of " + LEARNED_AFTER + " times");
        }
        if (quiet > 0) {
            quiet--;
            if (!outOfRange) { // a new extreme is news even right after an alarm
                score *= 0.5;
                lowered = and(lowered, "shortly after an alarm");
            }
        } else if (score >= 0.5) {
            quiet = quietAfterAlarm;
        }
        return new Judgement(score, signal, value, signed, expected, when, bound, seen, lowered);
    }

    private static String and(String reasons, String reason) {
        return reasons.isEmpty() ? reason : reasons + ", " + reason;
    }

    /**
     * How many remembered extremes lie in the same direction as {@code residual}, within the tolerance of it and on
     * the same side of month end.
     */
    private int alikeExtremes(double residual) {
        double tolerance = recurringTolerance * Math.abs(residual);
        int alike = 0;
        for (int i = 0; i < extremesKept; i++) {
            double past = extremes[i];
            if ((past > 0) == (residual > 0)
                    && Math.abs(past - residual) <= tolerance
                    && extremesAtMonthEnd[i] == atMonthEnd) {
                alike++;
            }
        }
        return alike;
    }

    private void remember(double residual) {
        extremes[extremesNext] = residual;
        extremesAtMonthEnd[extremesNext] = atMonthEnd;
        extremesNext = (extremesNext + 1) % EXTREMES;
        extremesKept = Math.min(extremesKept + 1, EXTREMES);
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
