package io.handoff.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** How a Kafka record becomes the CloudEvent JSON the reader takes, in both bindings. */
class KafkaRecordsTest {
    private final KafkaCollector collector = new KafkaCollector(
            null,
            null,
            KafkaObserver.NONE,
            new ObjectMapper(),
            null,
            new KafkaConfig() {
                public boolean enabled() {
                    return true;
                }

                public String bootstrapServers() {
                    return "unused:9092";
                }

                public String topic() {
                    return "t";
                }

                public String deadLetterTopic() {
                    return "t.dlq";
                }

                public String repartitionTopic() {
                    return "t.repartition";
                }

                public String groupId() {
                    return "g";
                }

                public String source() {
                    return "kafka";
                }

                public Streams streams() {
                    return null;
                }
            },
            null);

    private static RecordHeaders headers(String... pairs) {
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.add(pairs[i], pairs[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBinaryRecordsHeadersBecomeAttributesAndItsValueTheData() throws Exception {
        JsonNode event = collector.event(
                bytes("{\"hours\": 7.5}"),
                headers(
                        "ce_specversion",
                        "1.0",
                        "ce_id",
                        "e-1",
                        "ce_type",
                        "timesheet.approved",
                        "ce_subject",
                        "account.analytic.line/1",
                        "content-type",
                        "application/json",
                        "traceparent",
                        "ignored"));

        assertThat(event.toString())
                .isEqualTo(
                        "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"type\":\"timesheet.approved\",\"subject\":\"account.analytic.line/1\","
                                + "\"datacontenttype\":\"application/json\",\"data\":{\"hours\":7.5}}");
    }

    @Test
    void aStructuredRecordIsTheEventItself() throws Exception {
        JsonNode event = collector.event(
                bytes("{\"specversion\":\"1.0\",\"id\":\"e-2\"}"),
                headers("content-type", "application/cloudevents+json; charset=UTF-8"));
        assertThat(event.path("id").asText()).isEqualTo("e-2");
    }

    @Test
    void recordsThatAreNoEventsSayWhy() {
        assertThatThrownBy(
                        () -> collector.event(bytes("{oops"), headers("content-type", "application/cloudevents+json")))
                .isInstanceOf(KafkaCollector.NotAnEvent.class)
                .hasMessageContaining("structured CloudEvent whose value is not JSON");
        assertThatThrownBy(() -> collector.event(bytes("{}"), headers("content-type", "application/json")))
                .isInstanceOf(KafkaCollector.NotAnEvent.class)
                .hasMessageContaining("no ce_specversion header");
        assertThatThrownBy(() -> collector.event(bytes("{}"), null))
                .isInstanceOf(KafkaCollector.NotAnEvent.class)
                .hasMessageContaining("not a CloudEvent");
        assertThatThrownBy(() -> collector.event(
                        bytes("<xml/>"), headers("ce_specversion", "1.0", "content-type", "application/json")))
                .isInstanceOf(KafkaCollector.NotAnEvent.class)
                .hasMessageContaining("data is not JSON");
    }

    @Test
    void binaryDataOfAnotherContentTypeIsKeptAsText() throws Exception {
        JsonNode event =
                collector.event(bytes("line one"), headers("ce_specversion", "1.0", "content-type", "text/plain"));
        assertThat(event.path("data").asText()).isEqualTo("line one");
    }
}
