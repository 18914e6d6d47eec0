package io.handoff.web;

import java.util.List;

/**
 * An authenticated caller.
 *
 * @param name the configured key or source name (safe to log; the key itself never is)
 * @param source for INGEST and WEBHOOK callers, the source they send for
 * @param sourcePrefixes for INGEST callers, the CloudEvent {@code source} prefixes they may claim; empty:
 *     any that does not start with {@value #ODOO_PREFIX}
 */
public record Caller(String name, Role role, String source, List<String> sourcePrefixes) {
    /** Events of this source prefix come from Handoff's own Odoo webhook and poller, and are trusted as Odoo's side. */
    public static final String ODOO_PREFIX = "odoo/";

    public Caller {
        sourcePrefixes = List.copyOf(sourcePrefixes);
    }

    public Caller(String name, Role role, String source) {
        this(name, role, source, List.of());
    }

    /** Whether this caller may send events that name {@code eventSource} as their CloudEvent source. */
    public boolean maySend(String eventSource) {
        if (sourcePrefixes.isEmpty()) {
            return !eventSource.startsWith(ODOO_PREFIX);
        }
        for (String prefix : sourcePrefixes) {
            if (eventSource.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
