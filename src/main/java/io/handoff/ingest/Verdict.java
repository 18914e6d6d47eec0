package io.handoff.ingest;

/**
 * What became of one submitted event.
 *
 * @param index position in the submitted batch
 * @param rejection why it was refused, when {@code status} is REJECTED
 */
public record Verdict(int index, String id, String source, Status status, Rejection rejection) {
    public enum Status {
        ACCEPTED,
        DUPLICATE,
        REJECTED;

        private final String label = name().toLowerCase(java.util.Locale.ROOT);

        /** As the {@code result} label of the ingest counters shows it. */
        public String label() {
            return label;
        }
    }
}
