package io.handoff.web;

/**
 * What a key may do. OPERATOR includes READER; INGEST (bearer key on {@code /api/v1/events}) and WEBHOOK
 * (the {@code token} of one Odoo webhook URL, which travels in URLs and so must open nothing else) are
 * each bound to one source and allow nothing but their own door.
 */
public enum Role {
    INGEST,
    WEBHOOK,
    READER,
    OPERATOR;

    public boolean allows(Role required) {
        return this == required || (this == OPERATOR && required == READER);
    }
}
