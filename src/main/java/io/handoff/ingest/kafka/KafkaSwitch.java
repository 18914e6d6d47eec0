package io.handoff.ingest.kafka;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * Turns {@code handoff.kafka.enabled} into the channels' connectors at run time: the Kafka connector when on, the
 * in-memory one (no broker, no connection) when off. Quarkus 3.30 fixes a channel's {@code enabled} attribute at
 * build time, so switching the connector is how one build serves both the embedded default and a Kafka deployment.
 *
 * <p>It also decides whether the channels make a span per record, unless configured: the events topic's only while
 * the service's own telemetry is on ({@code quarkus.otel.sdk.disabled=false}), the store sink's (an internal hop)
 * never. With the SDK off the connector still extracted each record's trace context and built its attributes, for
 * nothing: most of the Kafka connector's own CPU under load.
 */
public class KafkaSwitch implements ConfigSourceInterceptor {
    static final String EVENTS_CONNECTOR = "mp.messaging.incoming.handoff-events.connector";
    static final String SINK_CONNECTOR = "mp.messaging.incoming.handoff-store-sink.connector";
    static final String EVENTS_TRACING = "mp.messaging.incoming.handoff-events.tracing-enabled";
    static final String SINK_TRACING = "mp.messaging.incoming.handoff-store-sink.tracing-enabled";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if ((EVENTS_CONNECTOR.equals(name) || SINK_CONNECTOR.equals(name)) && kafkaOn(context)) {
            return decided(name, "smallrye-kafka", "handoff.kafka.enabled");
        }
        if (EVENTS_TRACING.equals(name) || SINK_TRACING.equals(name)) {
            ConfigValue configured = context.proceed(name);
            if (configured != null && configured.getValue() != null) {
                return configured;
            }
            boolean traced = EVENTS_TRACING.equals(name) && telemetryOn(context);
            return decided(name, Boolean.toString(traced), "quarkus.otel.sdk.disabled");
        }
        return context.proceed(name);
    }

    private static ConfigValue decided(String name, String value, String by) {
        return ConfigValue.builder()
                .withName(name)
                .withValue(value)
                .withConfigSourceName(by)
                .build();
    }

    private static boolean telemetryOn(ConfigSourceInterceptorContext context) {
        ConfigValue disabled = context.proceed("quarkus.otel.sdk.disabled");
        return disabled == null || !"true".equalsIgnoreCase(disabled.getValue()); // Quarkus' default: on
    }

    private static boolean kafkaOn(ConfigSourceInterceptorContext context) {
        ConfigValue value = context.proceed("handoff.kafka.enabled");
        return value != null && "true".equalsIgnoreCase(value.getValue());
    }
}
