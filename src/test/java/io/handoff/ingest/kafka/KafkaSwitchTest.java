package io.handoff.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The channels' connectors and per-record tracing, as the service's configuration resolves them. */
class KafkaSwitchTest {
    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .withInterceptors(new KafkaSwitch())
                .build();
    }

    private static String value(SmallRyeConfig config, String name) {
        return config.getConfigValue(name).getValue();
    }

    @Test
    void kafkaOnSwitchesBothChannelsToTheKafkaConnector() {
        SmallRyeConfig on = config(Map.of(
                "handoff.kafka.enabled",
                "true",
                KafkaSwitch.EVENTS_CONNECTOR,
                "smallrye-in-memory",
                KafkaSwitch.SINK_CONNECTOR,
                "smallrye-in-memory"));
        assertThat(value(on, KafkaSwitch.EVENTS_CONNECTOR)).isEqualTo("smallrye-kafka");
        assertThat(value(on, KafkaSwitch.SINK_CONNECTOR)).isEqualTo("smallrye-kafka");

        SmallRyeConfig off = config(Map.of(KafkaSwitch.EVENTS_CONNECTOR, "smallrye-in-memory"));
        assertThat(value(off, KafkaSwitch.EVENTS_CONNECTOR)).isEqualTo("smallrye-in-memory");
    }

    @Test
    void recordsAreTracedOnlyWhileTheServicesOwnTelemetryIsOn() {
        SmallRyeConfig telemetryOff = config(Map.of("quarkus.otel.sdk.disabled", "true"));
        assertThat(value(telemetryOff, KafkaSwitch.EVENTS_TRACING)).isEqualTo("false");
        assertThat(value(telemetryOff, KafkaSwitch.SINK_TRACING)).isEqualTo("false");

        SmallRyeConfig telemetryOn = config(Map.of("quarkus.otel.sdk.disabled", "false"));
        assertThat(value(telemetryOn, KafkaSwitch.EVENTS_TRACING)).isEqualTo("true");
        assertThat(value(telemetryOn, KafkaSwitch.SINK_TRACING))
                .as("the store sink reads Handoff's own repartition topic: no span per stored event")
                .isEqualTo("false");
    }

    @Test
    void aConfiguredTracingSettingIsKept() {
        SmallRyeConfig config = config(Map.of(
                "quarkus.otel.sdk.disabled",
                "true",
                KafkaSwitch.EVENTS_TRACING,
                "true",
                KafkaSwitch.SINK_TRACING,
                "true"));
        assertThat(value(config, KafkaSwitch.EVENTS_TRACING)).isEqualTo("true");
        assertThat(value(config, KafkaSwitch.SINK_TRACING)).isEqualTo("true");
    }
}
