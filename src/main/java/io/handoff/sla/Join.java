package io.handoff.sla;

import java.util.Optional;

/**
 * Where an SLA looks for its stop event, seen from the flow whose start event started the clock.
 *
 * <ul>
 *   <li>{@code same}: in the same flow (same business object or correlation id).
 *   <li>{@code link:<name>}: in the flow the start flow links to by {@code <name>} (a timesheet
 *       line's {@code invoice}); the link in force is the latest one by event time.
 *   <li>{@code linked-from:<name>}: in any flow that links to the start flow by {@code <name>}
 *       (a middleware message whose {@code record} is this invoice).
 * </ul>
 */
public record Join(Kind kind, String linkName) {
    public enum Kind {
        SAME,
        LINK,
        LINKED_FROM
    }

    public static final Join SAME = new Join(Kind.SAME, null);

    public static Optional<Join> parse(String text) {
        if ("same".equals(text)) {
            return Optional.of(SAME);
        }
        if (text.startsWith("link:") && text.length() > 5) {
            return Optional.of(new Join(Kind.LINK, text.substring(5)));
        }
        if (text.startsWith("linked-from:") && text.length() > 12) {
            return Optional.of(new Join(Kind.LINKED_FROM, text.substring(12)));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return switch (kind) {
            case SAME -> "same";
            case LINK -> "link:" + linkName;
            case LINKED_FROM -> "linked-from:" + linkName;
        };
    }
}
