package io.handoff.anomaly;

import java.util.Locale;

/**
 * A scored point and why, in one line a person reads in the anomaly document and the alert: which signal decided
 * the score, and how far from normal the point lies.
 *
 * @param deviations signed distance from the expectation in running standard deviations (positive: above)
 * @param expected what the series usually shows at this time (level plus season)
 * @param season the season the expectation used ("Monday 09:00 UTC", "09:00 UTC at month end"), or null
 * @param bound the lowest or highest value seen before, for the range signals
 * @param damped why the score is lowered (recurring, right after an alarm, an hour of day not yet learned), or empty
 */
public record Judgement(
        double score,
        Signal signal,
        double value,
        double deviations,
        double expected,
        Season season,
        double bound,
        long seen,
        String damped) {

    /** What decided the score. */
    public enum Signal {
        WARMING_UP,
        USUAL,
        ABOVE_USUAL,
        BELOW_USUAL,
        ABOVE_RANGE,
        BELOW_RANGE
    }

    /** The hour (and day of the week, -1 while not learned) an expectation was for; words only when asked. */
    public record Season(int hour, int day, boolean monthEnd) {
        private static final String[] DAYS = {
            "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"
        };

        @Override
        public String toString() {
            String time = (hour < 10 ? "0" : "") + hour + ":00 UTC";
            String when = day >= 0 ? DAYS[day] + " " + time : time;
            return monthEnd ? when + " at month end" : when;
        }
    }

    /** Deviations below which a point reads as usual (score under 1/3). */
    static final double USUAL_WITHIN = 2;

    /** A judgement of a scorer that gives no reasons. */
    public static Judgement scoreOnly(double score, double value) {
        return new Judgement(score, Signal.USUAL, value, Double.NaN, Double.NaN, null, Double.NaN, 0, "");
    }

    /** The one line. */
    public String explanation() {
        String line = switch (signal) {
            case WARMING_UP ->
                "warming up: " + seen + " of " + DeviationScorer.WARM_UP + " points seen, no score before that";
            case ABOVE_RANGE ->
                number(value) + " is above anything this series has shown (highest " + number(bound) + ")";
            case BELOW_RANGE ->
                number(value) + " is below anything this series has shown (lowest " + number(bound) + ")";
            case ABOVE_USUAL, BELOW_USUAL, USUAL ->
                Double.isNaN(deviations)
                        ? "score " + number(score)
                        : number(value) + " is " + number(Math.abs(deviations)) + " deviations "
                                + (signal == Signal.USUAL ? "from" : signal == Signal.ABOVE_USUAL ? "above" : "below")
                                + " the usual " + number(expected) + " for " + season;
        };
        return damped.isEmpty() ? line : line + "; lowered: " + damped;
    }

    /** Three significant digits below 100, no exponent: 0.0000123, 0.0123, 1.23, 12.3, 1234. */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        double a = Math.abs(v);
        String s;
        if (a >= 100) {
            s = String.format(Locale.ROOT, "%.0f", v);
        } else if (a >= 10) {
            s = String.format(Locale.ROOT, "%.1f", v);
        } else if (a >= 1 || a == 0) {
            s = String.format(Locale.ROOT, "%.2f", v);
        } else {
            s = new java.math.BigDecimal(v)
                    .round(new java.math.MathContext(3))
                    .stripTrailingZeros()
                    .toPlainString();
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
