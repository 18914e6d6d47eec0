package io.handoff.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoff.event.ObjectRef;
import io.handoff.ingest.poll.OdooNames;
import io.handoff.ingest.poll.OdooPolling;
import io.handoff.names.Names;
import io.handoff.testing.OdooStandIn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/**
 * Names come from Odoo, an input like any other: whatever an Odoo server answers in a record's fields (markup, control
 * characters, wrong types, deep nesting, megabyte strings), a name or description is one line of at most a few
 * hundred characters, or the id; it never throws and never stops the names that follow.
 */
class OdooNamesFuzzTest {
    private static final String KEY = "odoo-api-key-for-the-names-fuzz";
    private static final int RECORDS = 30;

    @Test
    void anythingOdooAnswersBecomesOneBoundedLineOrTheId() throws Exception {
        AtomicLong ids = new AtomicLong(5000);
        try (OdooStandIn odoo = new OdooStandIn(KEY)) {
            OdooNames names = new OdooNames(
                    OdooPolling.api("fuzz", odoo.source("json-2"), new ObjectMapper()),
                    new OdooNames.Settings(
                            Duration.ofHours(1), 10_000, 200, Duration.ofSeconds(1), null, Duration.ofSeconds(5)),
                    () -> Instant.parse("2026-11-23T12:00:00Z"));
            // Thirty records per example, read in one request per model: the requests, not the records, take the time.
            qt().withExamples(10)
                    .forAll(SourceDSL.lists().of(Hostile.values()).ofSize(4 * RECORDS))
                    .checkAssert(values -> {
                        List<ObjectRef> asked = new ArrayList<>();
                        for (int r = 0; r < RECORDS; r++) {
                            long id = ids.incrementAndGet();
                            ObjectNode line = OdooStandIn.record(id, "2026-11-23 08:05:51");
                            line.set("employee_id", values.get(4 * r));
                            line.set("date", values.get(4 * r + 1));
                            line.set("task_id", values.get(4 * r + 2));
                            line.set("unit_amount", values.get(4 * r + 1));
                            odoo.put("account.analytic.line", line);
                            odoo.put(
                                    "res.partner",
                                    OdooStandIn.record(id, "2026-01-01 00:00:00")
                                            .set("display_name", values.get(4 * r + 3)));
                            asked.add(new ObjectRef("account.analytic.line", Long.toString(id)));
                            asked.add(Names.clientRef(Long.toString(id)));
                        }
                        names.fetch(asked);

                        assertThat(names.failed())
                                .as("Odoo answered; reading it never fails")
                                .isZero();
                        for (ObjectRef ref : asked) {
                            if (ref.model().equals("res.partner")) {
                                String client = names.client(ref.id());
                                oneBoundedLine(client);
                                assertThat(client)
                                        .as("a name, else the id: never nothing")
                                        .isNotBlank();
                            } else {
                                String item = names.item(ref.key());
                                if (item != null) {
                                    oneBoundedLine(item);
                                }
                            }
                        }
                    });
            assertThat(names.found()).as("every record read").isEqualTo(10L * 2 * RECORDS);
        }
    }

    private static void oneBoundedLine(String shown) {
        assertThat(shown.codePoints())
                .noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
        assertThat(shown.codePointCount(0, shown.length())).isLessThanOrEqualTo(4 * 203);
    }
}
