package io.handoff.ingest.kafka;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * Turns {@code handoff.kafka.enabled} into the channels' connectors at run time: the Kafka connector when on, the
 * in-memory one (no broker, no connection) when off. Quarkus 3.30 fixes a channel's {@code enabled} attribute at
 * build time, so switching the connector is how one build serves both the embedded default and a Kafka deployment.
 *
 * <p>With {@code handoff.kafka.streams.enabled} the events channel reads the events topic only (Kafka Streams reads
 * the repartition topic) and the store sink's channel is switched on too.
 */
public class KafkaSwitch implements ConfigSourceInterceptor {
    static final String CONNECTOR = "mp.messaging.incoming.handoff-events.connector";
    static final String TOPICS = "mp.messaging.incoming.handoff-events.topics";
    static final String SINK_CONNECTOR = "mp.messaging.incoming.handoff-store-sink.connector";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (CONNECTOR.equals(name) && on(context, "handoff.kafka.enabled")) {
            return value(name, "smallrye-kafka", "handoff.kafka.enabled");
        }
        if (SINK_CONNECTOR.equals(name) && streams(context)) {
            return value(name, "smallrye-kafka", "handoff.kafka.streams.enabled");
        }
        if (TOPICS.equals(name) && streams(context)) {
            ConfigValue topic = context.proceed("handoff.kafka.topic");
            if (topic != null) {
                return value(name, topic.getValue(), "handoff.kafka.streams.enabled");
            }
        }
        return context.proceed(name);
    }

    private static boolean streams(ConfigSourceInterceptorContext context) {
        return on(context, "handoff.kafka.enabled") && on(context, "handoff.kafka.streams.enabled");
    }

    private static boolean on(ConfigSourceInterceptorContext context, String key) {
        ConfigValue value = context.proceed(key);
        return value != null && "true".equalsIgnoreCase(value.getValue());
    }

    private static ConfigValue value(String name, String value, String source) {
        return ConfigValue.builder()
                .withName(name)
                .withValue(value)
                .withConfigSourceName(source)
                .build();
    }
}
