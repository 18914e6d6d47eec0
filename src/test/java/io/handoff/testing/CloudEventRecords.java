package io.handoff.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Kafka records carrying a CloudEvent in binary mode: attributes in {@code ce_*} headers, data as the value. */
public final class CloudEventRecords {
    private CloudEventRecords() {}

    /** @param key the record key, or null; subject and correlationId may be null */
    public static ProducerRecord<String, byte[]> binary(
            String topic,
            String key,
            String source,
            String id,
            String type,
            Instant time,
            String subject,
            String correlationId,
            String data) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, data.getBytes(StandardCharsets.UTF_8));
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", id);
        header(record, "ce_source", source);
        header(record, "ce_type", type);
        header(record, "ce_time", time.toString());
        if (subject != null) {
            header(record, "ce_subject", subject);
        }
        if (correlationId != null) {
            header(record, "ce_correlationid", correlationId);
        }
        header(record, "content-type", "application/json");
        return record;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
