package io.handoff.slo;

import java.util.Locale;

/**
 * Who used an error budget: the clocks breached in a window that share a client, project, group or flow, added up.
 *
 * @param key the client, project, group or flow key; {@link #NONE} where the flow's events never named one
 */
public record Contributor(String key, long breached, double hours, double amount) {
    public static final String NONE = "(none)";

    /** What breached clocks are grouped by. */
    public enum By {
        CLIENT("client"),
        PROJECT("project"),
        GROUP("group"),
        FLOW("flow_key");

        /** The field of a kept decision. */
        public final String field;

        By(String field) {
            this.field = field;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static java.util.Optional<By> of(String label) {
            return java.util.Arrays.stream(values())
                    .filter(b -> b.label().equals(label))
                    .findFirst();
        }

        public String of(ClockDecision decision) {
            String key = switch (this) {
                case CLIENT -> decision.client();
                case PROJECT -> decision.project();
                case GROUP -> decision.group();
                case FLOW -> decision.flowKey();
            };
            return key == null ? NONE : key;
        }
    }
}
