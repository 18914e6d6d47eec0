package io.handoff.event;

/**
 * What text taken from a sender may hold. Names, keys and ids end up in metric labels, mail subjects,
 * log lines and Elasticsearch ids, so they are bounded in UTF-8 bytes (what those limits count) and hold
 * no control or format characters and no half of a surrogate pair (which no encoder can write).
 */
public final class WireText {
    private WireText() {}

    /**
     * {@code text} on one line, for a subject, a page or a label: control, format and line-separator characters
     * become spaces; at most {@code maxCodePoints} code points are kept.
     */
    public static String oneLine(String text, int maxCodePoints) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxCodePoints));
        text.codePoints()
                .limit(maxCodePoints)
                .forEach(c -> out.appendCodePoint(
                        Character.isISOControl(c)
                                        || Character.getType(c) == Character.FORMAT
                                        || c == '\u2028'
                                        || c == '\u2029'
                                ? ' '
                                : c));
        return out.toString();
    }

    /** Null when {@code text} is acceptable, else what is wrong with it (never echoing it). */
    public static String fault(String text, int maxBytes) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return "holds an unpaired UTF-16 surrogate at character " + i;
                }
                bytes += 4;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return "holds an unpaired UTF-16 surrogate at character " + i;
            } else if (Character.isISOControl(c)
                    || Character.getType(c) == Character.FORMAT
                    || c == '\u2028'
                    || c == '\u2029') {
                return String.format("holds a control character (U+%04X) at character %d", (int) c, i);
            } else {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
            if (bytes > maxBytes) {
                return "is longer than " + maxBytes + " bytes in UTF-8";
            }
        }
        return null;
    }
}
