package io.handoff.ingest.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What Handoff's own Kafka clients (the repartition producer, the topic admin, the lag reader, the
 * dead-letter replay) share with the consuming channel: the brokers, and every {@code kafka.security.*},
 * {@code kafka.sasl.*} and {@code kafka.ssl.*} setting, so a TLS or SASL broker works for all of them as it
 * does for the channel. Secrets in these settings are never logged.
 */
@ApplicationScoped
public class KafkaClients {
    private final Map<String, Object> security = new TreeMap<>();

    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> channelDefaults) {
        channelDefaults.forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                security.put(key, value);
            }
        });
    }

    /** Settings for a client of {@code bootstrapServers} named {@code clientId}, with the channel's security. */
    public Properties properties(String bootstrapServers, String clientId) {
        Properties props = new Properties();
        props.putAll(security);
        props.put("bootstrap.servers", bootstrapServers);
        props.put("client.id", clientId);
        return props;
    }

    /** The names of the security settings in use (never their values), for the start-up log. */
    public String describe() {
        return security.isEmpty() ? "no security settings (PLAINTEXT)" : "security settings " + security.keySet();
    }
}
