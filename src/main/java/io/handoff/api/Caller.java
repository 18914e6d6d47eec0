package io.handoff.api;

/**
 * An authenticated caller.
 *
 * @param name the configured key or source name (safe to log; the key itself never is)
 * @param source for INGEST callers, the source they send for
 */
public record Caller(String name, Role role, String source) {}
