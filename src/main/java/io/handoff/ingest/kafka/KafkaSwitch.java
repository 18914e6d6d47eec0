package io.handoff.ingest.kafka;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * Turns {@code handoff.kafka.enabled} into the events channel's connector at run time: the Kafka
 * connector when on, the in-memory one (no broker, no connection) when off. Quarkus 3.30 fixes a
 * channel's {@code enabled} attribute at build time, so switching the connector is how one build serves
 * both the embedded default and a Kafka deployment.
 */
public class KafkaSwitch implements ConfigSourceInterceptor {
    static final String CONNECTOR = "mp.messaging.incoming.handoff-events.connector";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (CONNECTOR.equals(name)) {
            ConfigValue enabled = context.proceed("handoff.kafka.enabled");
            if (enabled != null && "true".equalsIgnoreCase(enabled.getValue())) {
                return ConfigValue.builder()
                        .withName(name)
                        .withValue("smallrye-kafka")
                        .withConfigSourceName("handoff.kafka.enabled")
                        .build();
            }
        }
        return context.proceed(name);
    }
}
