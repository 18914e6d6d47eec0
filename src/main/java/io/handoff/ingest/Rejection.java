package io.handoff.ingest;

/**
 * Why an input was refused, precise enough for the sender to fix it.
 *
 * @param reason problem type slug, e.g. {@code invalid-attribute} (see the README's problem table)
 * @param pointer JSON pointer to the offending member, e.g. {@code /time}; empty for the whole input
 * @param detail what is wrong and what is expected, never echoing secrets
 */
public record Rejection(String reason, String pointer, String detail) {}
