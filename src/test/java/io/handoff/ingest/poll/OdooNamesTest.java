package io.handoff.ingest.poll;

import static io.handoff.testing.OdooStandIn.many2one;
import static io.handoff.testing.OdooStandIn.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.event.ObjectRef;
import io.handoff.names.Names;
import io.handoff.testing.OdooStandIn;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names read back from an Odoo API stand-in over real HTTP, in both protocols. */
class OdooNamesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "odoo-api-key-0123456789abcdef";
    private static final ObjectRef LINE = new ObjectRef("account.analytic.line", "18342");
    private static final ObjectRef INVOICE = new ObjectRef("account.move", "7718");

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T12:00:00Z"));
    private final InstantSource clock = () -> now.get();
    private OdooStandIn odoo;

    @BeforeEach
    void start() throws Exception {
        odoo = new OdooStandIn(KEY);
        odoo.put(
                "account.analytic.line",
                record(18342, "2026-11-23 08:05:51")
                        .put("date", "2026-11-16")
                        .put("unit_amount", 7.5)
                        .<com.fasterxml.jackson.databind.node.ObjectNode>set("employee_id", many2one(57, "Jürgen Weiß"))
                        .<com.fasterxml.jackson.databind.node.ObjectNode>set(
                                "project_id", many2one(212, "ACME - Data platform"))
                        .set("task_id", many2one(9021, "Migration workshop")));
        odoo.put(
                "account.analytic.line",
                record(18351, "2026-11-23 08:11:02")
                        .put("date", "2026-11-17")
                        .put("unit_amount", 2.0)
                        .put("task_id", false)
                        .<com.fasterxml.jackson.databind.node.ObjectNode>set(
                                "employee_id", many2one(61, "Mara Lindqvist"))
                        .set("project_id", many2one(212, "ACME - Data platform")));
        odoo.put(
                "account.move",
                record(7718, "2026-11-23 08:06:30")
                        .put("name", "INV/2026/00412")
                        .<com.fasterxml.jackson.databind.node.ObjectNode>set("partner_id", many2one(1204, "ACME Corp"))
                        .set("currency_id", many2one(1, "EUR")));
        odoo.put("res.partner", record(1204, "2026-01-01 00:00:00").put("display_name", "ACME Corp"));
        odoo.put("res.partner", record(1300, "2026-01-01 00:00:00").put("display_name", "Globex\u0007 <b>GmbH</b>"));
        odoo.put("res.partner", record(1301, "2026-01-01 00:00:00").put("display_name", "\u0007\u200e"));
        odoo.put(
                "res.partner",
                record(1302, "2026-01-01 00:00:00")
                        .put("display_name", "Umbrella (archived)")
                        .put("active", false));
    }

    @AfterEach
    void stop() {
        odoo.close();
    }

    private OdooNames names(String protocol, int maxEntries, String defaultCurrency) {
        return new OdooNames(
                OdooPolling.api("acme", odoo.source(protocol), JSON),
                new OdooNames.Settings(
                        Duration.ofHours(1),
                        maxEntries,
                        200,
                        Duration.ofMinutes(5),
                        defaultCurrency,
                        Duration.ofSeconds(5)),
                clock);
    }

    private long searchReads(String model) {
        return odoo.requests().stream().filter(r -> asks(r, model)).count();
    }

    /** The model a request is for: JSON-RPC names it among its arguments, JSON-2 only in its path (not recorded). */
    private static boolean asks(JsonNode request, String model) {
        JsonNode args = request.path("params").path("args");
        if (args.isArray() && args.size() > 3) {
            return args.get(3).asText().equals(model);
        }
        return request.has("domain") && model.equals(modelOfJson2(request));
    }

    /** JSON-2 bodies carry no model: tell by the fields asked for. */
    private static String modelOfJson2(JsonNode request) {
        List<String> fields = JSON.convertValue(request.get("fields"), List.class);
        if (fields.contains("unit_amount")) {
            return "account.analytic.line";
        }
        if (fields.contains("partner_id")) {
            return "account.move";
        }
        return fields.equals(List.of("display_name")) ? "display_name" : "other";
    }

    @ParameterizedTest
    @ValueSource(strings = {"json-2", "json-rpc"})
    void aLineIsDescribedAsALeadKnowsItAndItsProjectIsNamedOnTheWay(String protocol) {
        OdooNames names = names(protocol, 1000, null);

        assertThat(names.item(LINE.key()))
                .as("unknown until read; asked for in the background")
                .isNull();
        assertThat(names.item("account.analytic.line/18351")).isNull();
        assertThat(names.project("212")).isEqualTo("212");
        names.fetchPending();

        assertThat(names.item(LINE.key())).isEqualTo("Jürgen Weiß · Mon 16 Nov 2026 · Migration workshop · 7.5 h");
        assertThat(names.item("account.analytic.line/18351")).isEqualTo("Mara Lindqvist · Tue 17 Nov 2026 · 2.0 h");
        assertThat(names.project("212"))
                .as("learnt from the lines, no request of its own")
                .isEqualTo("ACME - Data platform");
        assertThat(odoo.requests()).as("both lines in one request").hasSize(protocol.equals("json-rpc") ? 2 : 1);
        assertThat(names.found()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json-2", "json-rpc"})
    void clientsAreNamedInOneBatchAndAnIdOdooDoesNotKnowStaysAnId(String protocol) {
        OdooNames names = names(protocol, 1000, null);
        names.fetch(List.of(
                Names.clientRef("1204"),
                Names.clientRef("1300"),
                Names.clientRef("1301"),
                Names.clientRef("1302"),
                Names.clientRef("999"),
                INVOICE));

        assertThat(names.client("1204")).isEqualTo("ACME Corp");
        assertThat(names.client("1300"))
                .as("one line, no control characters; escaping is the page's job")
                .isEqualTo("Globex  <b>GmbH</b>");
        assertThat(names.client("999")).isEqualTo("999");
        assertThat(names.client("1302")).as("an archived client is still named").isEqualTo("Umbrella (archived)");
        assertThat(names.client("1301"))
                .as("a name of control characters only is no name")
                .isEqualTo("1301");
        assertThat(names.client("client-0"))
                .as("not an Odoo id: shown as it is, never asked for")
                .isEqualTo("client-0");
        assertThat(names.item(INVOICE.key())).isEqualTo("INV/2026/00412 · ACME Corp");
        assertThat(names.name(INVOICE)).isEqualTo("INV/2026/00412");
        assertThat(names.money(3857.14, INVOICE.key())).isEqualTo("3,857.14 EUR");
        assertThat(names.money(12.0, LINE.key()))
                .as("no currency known, none configured")
                .isEqualTo("12.00");
        assertThat(names.missing()).isEqualTo(1);
        names.fetchPending(); // the line asked for its currency above
        int asked = odoo.requests().size();

        names.client("999");
        names.fetchPending();
        assertThat(odoo.requests())
                .as("an id Odoo did not return is not asked again at once")
                .hasSize(asked);

        now.set(now.get().plus(Duration.ofMinutes(6)));
        odoo.put("res.partner", record(999, "2026-11-23 12:01:00").put("display_name", "Initech"));
        names.client("999");
        names.fetchPending();
        assertThat(names.client("999")).as("asked again after five minutes").isEqualTo("Initech");
    }

    @Test
    void namesAreReadAgainAfterTheirTimeToLiveAndShownMeanwhile() {
        OdooNames names = names("json-2", 1000, "CHF");
        names.fetch(List.of(Names.clientRef("1204")));
        odoo.put("res.partner", record(1204, "2026-11-23 12:30:00").put("display_name", "ACME Holding"));

        now.set(now.get().plus(Duration.ofMinutes(59)));
        names.fetch(List.of(Names.clientRef("1204")));
        assertThat(names.client("1204")).isEqualTo("ACME Corp");

        now.set(now.get().plus(Duration.ofMinutes(2)));
        assertThat(names.client("1204"))
                .as("the old name while the new one is read")
                .isEqualTo("ACME Corp");
        names.fetchPending();
        assertThat(names.client("1204")).isEqualTo("ACME Holding");
        assertThat(names.money(1.5, "account.analytic.line/1")).isEqualTo("1.50 CHF");
    }

    @Test
    void theCacheIsBounded() {
        OdooNames names = names("json-2", 3, null);
        for (int id = 2000; id < 2010; id++) {
            odoo.put("res.partner", record(id, "2026-01-01 00:00:00").put("display_name", "Client " + id));
        }
        for (int id = 2000; id < 2010; id++) {
            names.client(Integer.toString(id));
        }
        names.fetchPending();

        assertThat(names.size()).isEqualTo(3);
        assertThat(names.client("2009")).isEqualTo("Client 2009");
        assertThat(names.client("2000"))
                .as("the least recently used went first")
                .isEqualTo("2000");
    }

    @Test
    void whenOdooFailsPagesShowIdsAndLookupsPauseThenResume() {
        OdooNames names = names("json-2", 1000, null);
        odoo.rateLimitNext(1, 30);
        names.client("1204");
        names.fetchPending();
        assertThat(names.client("1204")).isEqualTo("1204");
        assertThat(names.failed()).isEqualTo(1);

        now.set(now.get().plusSeconds(10));
        names.fetchPending();
        names.fetch(List.of(Names.clientRef("1204")));
        assertThat(names.failed())
                .as("paused as Odoo asked (Retry-After 30 s): not asked again")
                .isEqualTo(1);
        assertThat(odoo.requests())
                .as("the stand-in records only what it answered")
                .isEmpty();

        now.set(now.get().plusSeconds(25));
        names.fetchPending();
        assertThat(names.client("1204")).isEqualTo("ACME Corp");
    }

    @Test
    void aModelTheUserMayNotReadStaysIdsWhileOthersAreNamed() {
        OdooNames names = names("json-2", 1000, null);
        odoo.forbid("res.partner");
        names.client("1204");
        names.item(LINE.key());
        names.fetchPending();

        assertThat(names.client("1204")).isEqualTo("1204");
        assertThat(names.item(LINE.key())).startsWith("Jürgen Weiß");
        int asked = odoo.requests().size();
        names.client("1204");
        names.fetchPending();
        assertThat(odoo.requests()).as("not asked again within the hour").hasSize(asked);
        assertThat(searchReads("display_name")).isEqualTo(1);
    }
}
