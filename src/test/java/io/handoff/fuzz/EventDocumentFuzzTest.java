package io.handoff.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoff.codec.EventCodec;
import io.handoff.event.BusinessEvent;
import io.handoff.event.EventFacts;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Event documents as Handoff reads them back (records of the repartition topic, which anyone who can write to it may
 * forge; the store's events), spoiled by up to three mutations: both readers, the stream one of the Kafka path and the
 * tree one of the store, give an event or refuse with {@link IllegalArgumentException} saying why, never
 * another exception, which would stop a stream thread or a store read instead of dead-lettering one record.
 */
class EventDocumentFuzzTest {

    record DocumentCase(int type, long n, List<Mutation> mutations) {}

    static Gen<DocumentCase> documents() {
        return Generate.range(0, EventType.values().size() - 1)
                .zip(SourceDSL.longs().all(), Mutation.some(), DocumentCase::new);
    }

    @Test
    void aSpoiledEventDocumentIsAnEventOrRefusedAsNoEventDocument() {
        qt().withExamples(3_000).forAll(documents()).checkAssert(c -> {
            ObjectNode tree = document(c);
            Mutation.applyToTree(tree, c.mutations());
            byte[] bytes = Mutation.applyToBytes(
                    tree.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), tree, c.mutations());
            readOrRefused(() -> EventCodec.read(bytes));
            JsonNode parsed;
            try {
                parsed = Inputs.JSON.readTree(bytes);
            } catch (IOException notJson) {
                return; // the store only ever holds what Elasticsearch parsed
            }
            readOrRefused(() -> EventCodec.read(parsed));
        });
    }

    @Test
    void anUnspoiledDocumentReadsBackAsItsEventBothWays() {
        qt().withExamples(500).forAll(documents()).checkAssert(c -> {
            BusinessEvent event = event(c);
            byte[] written = EventCodec.write(event);
            assertThat(EventCodec.read(written)).isEqualTo(event);
            try {
                assertThat(EventCodec.read(Inputs.JSON.readTree(written))).isEqualTo(event);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    /** The case the fuzzing found: the type's pattern recursed once per word and overflowed the stack. */
    @Test
    void aTypeOfAHundredThousandWordsIsRefusedNotAStackOverflow() {
        ObjectNode tree = document(new DocumentCase(0, 1, List.of()));
        tree.put("type", "a" + ".a".repeat(100_000));
        byte[] bytes = tree.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventCodec.read(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(200001 characters)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventCodec.read(tree))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private interface Read {
        BusinessEvent read();
    }

    private static void readOrRefused(Read read) {
        try {
            read.read();
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage())
                    .as("the reason, which the dead letter carries")
                    .isNotBlank();
        }
    }

    private static ObjectNode document(DocumentCase c) {
        try {
            return (ObjectNode) Inputs.JSON.readTree(EventCodec.write(event(c)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A valid event of one of the built-in types, with facts and times of every precision. */
    private static BusinessEvent event(DocumentCase c) {
        EventType type = EventType.values().get(c.type());
        long n = Math.floorMod(c.n(), 1_000_000_000L);
        Instant time = Instant.ofEpochSecond(
                1_700_000_000L + n % 100_000_000L, (int) (n % 4 == 0 ? 0 : n * 7919 % 1_000_000_000L));
        return new BusinessEvent(
                "odoo/fuzz",
                "doc-" + n,
                type,
                time,
                new ObjectRef("account.analytic.line", String.valueOf(n)),
                "corr-" + n,
                new EventFacts(
                        "client-" + n % 7,
                        "P" + n % 11,
                        n % 2 == 0 ? null : "consulting",
                        n % 5 == 0 ? null : (n % 80) / 8.0,
                        n % 6 == 0 ? null : (double) (n % 10_000),
                        n % 4 == 0 ? null : new ObjectRef("account.move", String.valueOf(n % 1000))),
                "odoo-webhook",
                time.plusMillis(n % 5000));
    }
}
