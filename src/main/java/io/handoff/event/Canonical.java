package io.handoff.event;

/**
 * One shared instance for values that arrive again and again in events: client, project and group names, Odoo
 * model names, sources, hours. Each event read from JSON brings its own copies; a flow keeps its events for weeks,
 * so without this a million open lines would hold a million copies of a few hundred names.
 *
 * <p>A lossy cache of fixed size: a slot keeps the last value hashed to it, so memory is bounded whatever comes in,
 * and a value that does not recur costs one slot until another replaces it. Without locks: a racing write loses at
 * most a chance to share, never correctness (strings and doubles are immutable, their fields final).
 */
public final class Canonical {
    private static final int SLOTS = 1 << 13;
    /** Strings longer than this are not kept. */
    static final int LONGEST = 256;

    private static final String[] STRINGS = new String[SLOTS];
    private static final Double[] NUMBERS = new Double[SLOTS];

    private Canonical() {}

    /** {@code value}, or an equal string seen before. */
    public static String of(String value) {
        return shared(STRINGS, value);
    }

    /** {@code value}, or an equal number seen before. */
    public static Double of(Double value) {
        return shared(NUMBERS, value);
    }

    private static <T> T shared(T[] slots, T value) {
        if (value == null || value instanceof String text && text.length() > LONGEST) {
            return value; // names are short; a long value (not validated yet) would only pin memory in a slot
        }
        int slot = slot(value.hashCode());
        T kept = slots[slot];
        if (value.equals(kept)) {
            return kept;
        }
        slots[slot] = value;
        return value;
    }

    private static int slot(int hash) {
        return (hash ^ (hash >>> 16)) & (SLOTS - 1);
    }
}
