package io.handoff.ingest.kafka;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * Turns {@code handoff.kafka.enabled} into the channels' connectors at run time: the Kafka connector when on, the
 * in-memory one (no broker, no connection) when off. Quarkus 3.30 fixes a channel's {@code enabled} attribute at
 * build time, so switching the connector is how one build serves both the embedded default and a Kafka deployment.
 */
public class KafkaSwitch implements ConfigSourceInterceptor {
    static final String EVENTS_CONNECTOR = "mp.messaging.incoming.handoff-events.connector";
    static final String SINK_CONNECTOR = "mp.messaging.incoming.handoff-store-sink.connector";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if ((EVENTS_CONNECTOR.equals(name) || SINK_CONNECTOR.equals(name)) && kafkaOn(context)) {
            return ConfigValue.builder()
                    .withName(name)
                    .withValue("smallrye-kafka")
                    .withConfigSourceName("handoff.kafka.enabled")
                    .build();
        }
        return context.proceed(name);
    }

    private static boolean kafkaOn(ConfigSourceInterceptorContext context) {
        ConfigValue value = context.proceed("handoff.kafka.enabled");
        return value != null && "true".equalsIgnoreCase(value.getValue());
    }
}
