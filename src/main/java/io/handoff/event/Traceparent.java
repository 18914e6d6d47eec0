package io.handoff.event;

import java.util.regex.Pattern;

/** The W3C Trace Context {@code traceparent} value: {@code 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>}. */
public final class Traceparent {
    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    private Traceparent() {}

    /**
     * The value when it is a valid traceparent, else null: as the W3C recommends, an invalid one is
     * ignored (the event is kept; only the link to the sender's trace is lost).
     */
    public static String validOrNull(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (v.length() < 55) {
            return null;
        }
        String head = v.substring(0, 55);
        String version = head.substring(0, 2);
        boolean wellFormed = FORMAT.matcher(head).matches()
                && !version.equals("ff")
                && (version.equals("00") ? v.length() == 55 : v.length() == 55 || v.charAt(55) == '-');
        if (!wellFormed || traceId(head).equals(ZERO_TRACE) || spanId(head).equals(ZERO_SPAN)) {
            return null;
        }
        return head;
    }

    public static String traceId(String traceparent) {
        return traceparent.substring(3, 35);
    }

    public static String spanId(String traceparent) {
        return traceparent.substring(36, 52);
    }

    public static String flags(String traceparent) {
        return traceparent.substring(53, 55);
    }
}
