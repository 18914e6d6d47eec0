package io.handoff.codec;

import java.time.Instant;

/**
 * The one timestamp shape Handoff writes, and nearly every source sends: {@code 2026-11-29T08:06:30.123Z} (UTC, a
 * four-digit year, optional fraction of 1–9 digits). Read and written here directly, since {@link Instant#parse} and
 * {@link Instant#toString} go through {@code DateTimeFormatter} and were a tenth of the CPU spent per Kafka record
 * (decoded and encoded several times on its way). Every other shape is left to {@code java.time}: {@link #parse}
 * answers null and the caller parses as it always did, so what is accepted, and the error for what is not, stay as
 * they were.
 */
public final class UtcTimestamps {
    private static final long SECONDS_PER_DAY = 86_400;
    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years {@code Instant#toString} writes with four digits. */
    private static final long FIRST = -62_167_219_200L;

    private static final long LAST = 253_402_300_799L;

    private UtcTimestamps() {}

    /**
     * The instant of {@code text} when it has the UTC shape above and is a real date and time (a leap second is not);
     * null otherwise, for {@code java.time} to decide.
     */
    public static Instant parse(String text) {
        int n = text.length();
        if (n < 20 || n > 30 || text.charAt(n - 1) != 'Z') {
            return null;
        }
        if (text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) {
            return null;
        }
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21; // between the '.' at 19 and the 'Z'
            if (text.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(text, 20, fraction);
            if (nanos < 0) {
                return null;
            }
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        long seconds = epochDay(year, month, day) * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** {@link Instant#parse}, through the fast path when {@code text} has the UTC shape above. */
    public static Instant instant(String text) {
        Instant utc = parse(text);
        return utc != null ? utc : Instant.parse(text);
    }

    /** Exactly {@link Instant#toString}: seconds always, the fraction in groups of three digits as needed. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST || seconds > LAST) {
            return instant.toString();
        }
        long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        char[] out = new char[30];
        int at = date(days, out);
        out[at++] = 'T';
        at = two(secondOfDay / 3600, out, at);
        out[at++] = ':';
        at = two(secondOfDay / 60 % 60, out, at);
        out[at++] = ':';
        at = two(secondOfDay % 60, out, at);
        int nanos = instant.getNano();
        if (nanos != 0) {
            out[at++] = '.';
            int width = nanos % 1_000_000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
            int value = width == 3 ? nanos / 1_000_000 : width == 6 ? nanos / 1000 : nanos;
            for (int i = at + width - 1; i >= at; i--) {
                out[i] = (char) ('0' + value % 10);
                value /= 10;
            }
            at += width;
        }
        out[at++] = 'Z';
        return new String(out, 0, at);
    }

    /** The non-negative number written by {@code count} ASCII digits at {@code from}; -1 if any is no digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int d = text.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    private static boolean isLeap(long year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days inverse, years 0–9999). */
    private static long epochDay(long year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        int shiftedMonth = month > 2 ? month - 3 : month + 9;
        long dayOfYear = (153L * shiftedMonth + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /** Writes yyyy-MM-dd of an epoch day into {@code out} from 0; answers the next position. */
    private static int date(long epochDay, char[] out) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long shiftedMonth = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
        int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        out[0] = (char) ('0' + year / 1000);
        out[1] = (char) ('0' + year / 100 % 10);
        out[2] = (char) ('0' + year / 10 % 10);
        out[3] = (char) ('0' + year % 10);
        out[4] = '-';
        two(month, out, 5);
        out[7] = '-';
        two(day, out, 8);
        return 10;
    }

    private static int two(int value, char[] out, int at) {
        out[at] = (char) ('0' + value / 10);
        out[at + 1] = (char) ('0' + value % 10);
        return at + 2;
    }
}
