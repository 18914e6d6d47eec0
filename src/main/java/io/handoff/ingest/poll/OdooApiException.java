package io.handoff.ingest.poll;

import java.time.Duration;
import java.util.Optional;

/** Odoo refused or failed a call; {@link Kind} says whether waiting helps and what the operator must fix. */
public final class OdooApiException extends Exception {
    public enum Kind {
        /** Login or API key refused (expired key, wrong database): fix the credentials. */
        UNAUTHORIZED("unauthorized", false),
        /** The integration user lacks read access to the model: grant it. */
        FORBIDDEN("forbidden", false),
        /** A requested field does not exist on this database (e.g. an Enterprise field on Community). */
        UNKNOWN_FIELD("unknown-field", false),
        /** The model does not exist on this database (its module is not installed). */
        UNKNOWN_MODEL("unknown-model", false),
        /** Too many requests (a proxy in front of Odoo said 429): wait as told. */
        RATE_LIMITED("rate-limited", true),
        /** No answer within the configured timeout. */
        TIMEOUT("timeout", true),
        /** Odoo or the network failed (5xx, connection refused, lock conflict): try again later. */
        UNAVAILABLE("unavailable", true),
        /** An answer Handoff cannot read, or a request Odoo cannot (422): a bug or a version mismatch. */
        PROTOCOL("protocol", false);

        private final String label;
        private final boolean transientFault;

        Kind(String label, boolean transientFault) {
            this.label = label;
            this.transientFault = transientFault;
        }

        /** The {@code result} label of the poll metrics. */
        public String label() {
            return label;
        }

        /** True when the same call may well succeed later without anyone changing anything. */
        public boolean isTransient() {
            return transientFault;
        }
    }

    private final Kind kind;
    private final String field;
    private final Duration retryAfter;

    public OdooApiException(Kind kind, String message) {
        this(kind, message, null, null, null);
    }

    OdooApiException(Kind kind, String message, String field, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.field = field;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** For {@link Kind#UNKNOWN_FIELD}: the field Odoo named. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** For {@link Kind#RATE_LIMITED}: how long Odoo asked to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
