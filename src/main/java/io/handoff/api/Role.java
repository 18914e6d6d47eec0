package io.handoff.api;

/** What a key may do. OPERATOR includes READER; INGEST is bound to one source. */
public enum Role {
    INGEST,
    READER,
    OPERATOR;

    boolean allows(Role required) {
        return this == required || (this == OPERATOR && required == READER);
    }
}
