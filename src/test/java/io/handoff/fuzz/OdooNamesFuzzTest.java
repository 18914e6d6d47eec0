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
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Names come from Odoo, an input like any other: whatever an Odoo server answers in a record's fields (markup, control
 * characters, wrong types, deep nesting, megabyte strings), a name or description is one line of at most a few
 * hundred characters, or the id; it never throws and never stops the names that follow.
 */
class OdooNamesFuzzTest {
    private static final String KEY = "odoo-api-key-for-the-names-fuzz";

    @Test
    void anythingOdooAnswersBecomesOneBoundedLineOrTheId() throws Exception {
        AtomicLong ids = new AtomicLong(5000);
        try (OdooStandIn odoo = new OdooStandIn(KEY)) {
            OdooNames names = new OdooNames(
                    OdooPolling.api("fuzz", odoo.source("json-2"), new ObjectMapper()),
                    new OdooNames.Settings(Duration.ofHours(1), 10_000, 200, Duration.ofSeconds(1), null),
                    () -> Instant.parse("2026-11-23T12:00:00Z"));
            qt().withExamples(300)
                    .forAll(Hostile.values(), Hostile.values(), Hostile.values(), Hostile.values())
                    .checkAssert((employee, day, task, partner) -> {
                        long id = ids.incrementAndGet();
                        ObjectNode line = OdooStandIn.record(id, "2026-11-23 08:05:51");
                        line.set("employee_id", employee);
                        line.set("date", day);
                        line.set("task_id", task);
                        line.set("unit_amount", day);
                        odoo.put("account.analytic.line", line);
                        odoo.put(
                                "res.partner",
                                OdooStandIn.record(id, "2026-01-01 00:00:00").set("display_name", partner));
                        ObjectRef lineRef = new ObjectRef("account.analytic.line", Long.toString(id));
                        names.fetch(List.of(lineRef, Names.clientRef(Long.toString(id))));

                        assertThat(names.failed())
                                .as("Odoo answered; reading it never fails")
                                .isZero();
                        String client = names.client(Long.toString(id));
                        oneBoundedLine(client);
                        assertThat(client)
                                .as("a name, else the id: never nothing")
                                .isNotBlank();
                        String item = names.item(lineRef.key());
                        if (item != null) {
                            oneBoundedLine(item);
                        }
                    });
            assertThat(names.found()).as("every record read").isEqualTo(600);
        }
    }

    private static void oneBoundedLine(String shown) {
        assertThat(shown.codePoints())
                .noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
        assertThat(shown.codePointCount(0, shown.length())).isLessThanOrEqualTo(4 * 203);
    }
}
