package io.handoff.ingest.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record that is not a valid event as the dead-letter topic keeps it: the value and headers it came with, plus
 * {@code dead-letter-reason} and where it came from ({@code dead-letter-topic}, {@code -partition}, {@code -offset}),
 * the headers SmallRye's dead-letter queue writes. Cut to stay under the producer's default max.request.size (1 MB),
 * so a record too big to pass on never stalls its partition: the value's start is kept and its length said in
 * {@code dead-letter-truncated}.
 */
public record DeadLetter(byte[] value, Headers headers) {
    static final int MAX_VALUE = 512 * 1024;
    static final int MAX_HEADERS = 256 * 1024;
    static final int MAX_REASON = 1024;

    public static DeadLetter of(
            byte[] value, Iterable<Header> headers, String reason, String topic, int partition, long offset) {
        boolean cut = value != null && value.length > MAX_VALUE;
        Headers kept = new RecordHeaders();
        int headerBytes = 0;
        if (headers != null) {
            for (Header h : headers) {
                headerBytes += h.key().length() + (h.value() == null ? 0 : h.value().length);
                if (headerBytes <= MAX_HEADERS) {
                    kept.add(h);
                }
            }
        }
        if (cut) {
            kept.add("dead-letter-truncated", bytes(Integer.toString(value.length)));
        }
        byte[] because = bytes(reason);
        kept.add("dead-letter-reason", because.length <= MAX_REASON ? because : Arrays.copyOf(because, MAX_REASON));
        kept.add("dead-letter-topic", bytes(topic));
        kept.add("dead-letter-partition", bytes(Integer.toString(partition)));
        kept.add("dead-letter-offset", bytes(Long.toString(offset)));
        return new DeadLetter(cut ? Arrays.copyOf(value, MAX_VALUE) : value, kept);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
