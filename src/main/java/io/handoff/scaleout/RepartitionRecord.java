package io.handoff.scaleout;

import io.handoff.codec.EventCodec;
import io.handoff.event.BusinessEvent;
import io.handoff.ingest.EdgeRules;
import io.handoff.ingest.kafka.KafkaPublisher;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A record of the repartition topic as Handoff reads it: an accepted event, a context copy for another partition's
 * flow, or (with {@code fault} saying why) neither. Not trusted for having come over Handoff's own topic: the same
 * limits as at every other edge.
 */
record RepartitionRecord(BusinessEvent event, boolean context, String fault) {

    static RepartitionRecord read(Headers headers, byte[] value, EdgeRules edge) {
        String kind = kind(headers);
        boolean context = KafkaPublisher.CONTEXT.equals(kind);
        if (!context && !KafkaPublisher.EVENT.equals(kind)) {
            return neither(
                    "a repartition record needs header " + KafkaPublisher.KIND + " = event or context, got " + kind);
        }
        BusinessEvent event;
        try {
            event = EventCodec.read(value == null ? new byte[0] : value);
        } catch (RuntimeException e) {
            return neither("not a Handoff event document: " + e.getMessage());
        }
        String fault = edge.fault(event);
        if (fault != null) {
            return neither("a repartition record that no edge would have accepted: " + fault);
        }
        return new RepartitionRecord(event, context, null);
    }

    /** Whether the record says it is a context copy, read from its header alone (its value is not decoded). */
    static boolean isContext(Headers headers) {
        return KafkaPublisher.CONTEXT.equals(kind(headers));
    }

    private static String kind(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(KafkaPublisher.KIND);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static RepartitionRecord neither(String fault) {
        return new RepartitionRecord(null, false, fault);
    }
}
