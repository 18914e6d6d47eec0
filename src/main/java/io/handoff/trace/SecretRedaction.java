package io.handoff.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps webhook tokens out of the service's own spans. Odoo cannot send headers, so its webhook key travels
 * as {@code ?token=}; the HTTP server instrumentation records the query (and older conventions the whole
 * target) when the span starts. This processor, picked up by quarkus-opentelemetry as a bean, rewrites those
 * attributes before any exporter sees the span.
 */
@Singleton
public class SecretRedaction implements SpanProcessor {
    static final List<AttributeKey<String>> URL_ATTRIBUTES = List.of(
            AttributeKey.stringKey("url.query"),
            AttributeKey.stringKey("url.full"),
            AttributeKey.stringKey("http.target"),
            AttributeKey.stringKey("http.url"));

    /** A query parameter that carries a secret, up to the next {@code &} or {@code #}. */
    private static final Pattern SECRET =
            Pattern.compile("(?i)((?:^|[?&])(?:token|api[-_]?key|key|access_token)=)[^&#]*");

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        for (AttributeKey<String> key : URL_ATTRIBUTES) {
            String value = span.getAttribute(key);
            if (value != null) {
                String redacted = redacted(value);
                if (!redacted.equals(value)) {
                    span.setAttribute(key, redacted);
                }
            }
        }
    }

    /** The text with the value of every secret-bearing query parameter replaced by {@code REDACTED}. */
    public static String redacted(String urlOrQuery) {
        return SECRET.matcher(urlOrQuery).replaceAll("$1REDACTED");
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
        return false;
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
