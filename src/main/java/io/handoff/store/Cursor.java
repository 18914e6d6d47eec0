package io.handoff.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The opaque {@code search_after} position of a page: the sort values of its last item, a time and a
 * unique key. Opaque to clients so the sort can change without breaking them.
 */
public record Cursor(long epochNanos, String key) {

    public static Cursor of(Instant time, String key) {
        return new Cursor(nanos(time), key);
    }

    public static long nanos(Instant time) {
        return time == null ? 0L : time.getEpochSecond() * 1_000_000_000L + time.getNano();
    }

    public String encode() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((epochNanos + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the text is not a cursor this store issued */
    public static Cursor decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = plain.indexOf(':');
            return new Cursor(Long.parseLong(plain.substring(0, colon)), plain.substring(colon + 1));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a cursor issued by this API: " + text);
        }
    }

    /** True when an item sorted (time descending, key ascending) comes after this cursor. */
    public boolean precedes(long itemNanos, String itemKey) {
        return itemNanos < epochNanos || (itemNanos == epochNanos && itemKey.compareTo(key) > 0);
    }
}
