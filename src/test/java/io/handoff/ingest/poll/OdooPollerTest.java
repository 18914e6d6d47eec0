package io.handoff.ingest.poll;

import static io.handoff.testing.OdooStandIn.many2one;
import static io.handoff.testing.OdooStandIn.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoff.testing.OdooStandIn;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The poller against an Odoo API stand-in over real HTTP, in both protocols. */
class OdooPollerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "odoo-api-key-0123456789abcdef";
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String LINE = "account.analytic.line";
    private static final String MOVE = "account.move";

    @TempDir
    Path state;

    private OdooStandIn odoo;
    private final Pages sink = new Pages();
    private final Recorded observed = new Recorded();

    @BeforeEach
    void start() throws Exception {
        odoo = new OdooStandIn(KEY);
    }

    @AfterEach
    void stop() {
        odoo.close();
    }

    private OdooPoller poller(String protocol, int pageSize, String... models) {
        return poller(protocol, pageSize, Duration.ofSeconds(5), models);
    }

    private OdooPoller poller(String protocol, int pageSize, Duration timeout, String... models) {
        OdooHttp http = new OdooHttp(JSON, timeout);
        OdooApi api = protocol.equals("json-2")
                ? new Json2Api(http, odoo.url(), OdooStandIn.DATABASE, KEY)
                : new JsonRpcApi(http, odoo.url(), OdooStandIn.DATABASE, OdooStandIn.LOGIN, KEY);
        List<PolledModel> polled = new ArrayList<>();
        for (String m : models.length == 0 ? new String[] {LINE} : models) {
            polled.add(PolledModel.KNOWN.get(m));
        }
        return new OdooPoller(
                "odoo-prod",
                api,
                polled,
                new WatermarkFiles(state, JSON),
                sink,
                observed,
                new OdooPoller.Settings(
                        Duration.ofMinutes(1),
                        pageSize,
                        Duration.ofMinutes(5),
                        Duration.ofDays(1),
                        Duration.ofMinutes(15)));
    }

    private static ObjectNode timesheet(long id, String writeDate, double hours) {
        return record(id, writeDate)
                .put("date", "2026-11-20")
                .put("unit_amount", hours)
                .<ObjectNode>set("project_id", many2one(212, "ACME - Data platform"))
                .put("validated", true)
                .put("timesheet_invoice_id", false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json-2", "json-rpc"})
    void pagesThroughEveryRecordOnceAlthoughManyShareAWriteDate(String protocol) {
        // 250 records in 5 transactions of 50: every page boundary falls inside a run of equal write dates.
        for (int i = 0; i < 250; i++) {
            odoo.put(LINE, timesheet(1000 + i, "2026-11-23 09:0" + (i / 50) + ":00", 1.0));
        }
        odoo.put(
                LINE,
                record(5000, "2026-11-23 09:30:00")
                        .put("unit_amount", 1.0)
                        .put("project_id", false)); // not a timesheet
        OdooPoller poller = poller(protocol, 30);

        assertThat(poller.pollDue(NOW)).isEqualTo(250);

        assertThat(sink.ids()).hasSize(250).doesNotHaveDuplicates();
        assertThat(sink.pages).hasSize(9); // 8 full pages of 30, one of 10
        assertThat(poller.status().get(0).watermark()).isEqualTo("2026-11-23 09:04:00 #1249");
        assertThat(observed.results).containsOnly("ok");
    }

    @Test
    void theRequestsHaveOdoosShapes() {
        odoo.put(LINE, timesheet(18342, "2026-11-23 08:05:51", 7.5));
        poller("json-2", 500).pollDue(NOW);
        poller("json-rpc", 500).pollDue(NOW);

        JsonNode json2 = odoo.requests().get(0);
        assertThat(json2.get("fields")).hasSize(9);
        assertThat(json2.get("order").asText()).isEqualTo("write_date asc, id asc");
        assertThat(json2.get("limit").asInt()).isEqualTo(500);
        assertThat(json2.get("domain").get(0).toString()).isEqualTo("[\"project_id\",\"!=\",false]");
        // First poll: from a day back (initial lookback), everything at that second included.
        assertThat(json2.get("domain").toString())
                .contains("[\"write_date\",\">\",\"2026-11-22 12:00:00\"]", "[\"id\",\">\",0]");

        JsonNode authenticate = odoo.requests().get(1);
        assertThat(authenticate.at("/params/service").asText()).isEqualTo("common");
        assertThat(authenticate.at("/params/args/1").asText()).isEqualTo(OdooStandIn.LOGIN);
        JsonNode executeKw = odoo.requests().get(2);
        assertThat(executeKw.at("/params/method").asText()).isEqualTo("execute_kw");
        assertThat(executeKw.at("/params/args/1").asInt()).isEqualTo(OdooStandIn.UID);
        assertThat(executeKw.at("/params/args/4").asText()).isEqualTo("search_read");
        assertThat(executeKw.at("/params/args/6/fields")).hasSize(9);
    }

    @Test
    void aLaterPollReadsWhatWasWrittenAtTheWatermarkSecondAndLateCommitsWithinTheOverlap() {
        odoo.put(LINE, timesheet(1, "2026-11-23 10:00:00", 1.0)).put(LINE, timesheet(2, "2026-11-23 10:00:00", 2.0));
        OdooPoller poller = poller("json-2", 500);
        poller.pollDue(NOW);
        assertThat(sink.ids()).containsExactly(1L, 2L);

        odoo.put(LINE, timesheet(3, "2026-11-23 10:00:00", 3.0)); // same second, committed after the poll
        odoo.put(
                LINE, timesheet(4, "2026-11-23 09:57:00", 4.0)); // a long transaction: older write_date, committed late
        odoo.put(LINE, timesheet(1, "2026-11-23 10:01:00", 1.5)); // a change to a record already read
        odoo.put(LINE, timesheet(5, "2026-11-23 09:40:00", 5.0)); // older than the overlap: the documented limit
        poller.pollDue(NOW.plus(Duration.ofMinutes(1)));

        assertThat(sink.ids()).containsExactly(1L, 2L, 4L, 3L, 1L);
        assertThat(sink.rows.get(4).get("unit_amount").asDouble()).isEqualTo(1.5);
    }

    @Test
    void aModelIsPolledOnItsScheduleOnly() {
        odoo.put(LINE, timesheet(1, "2026-11-23 10:00:00", 1.0));
        OdooPoller poller = poller("json-2", 500);
        poller.pollDue(NOW);
        int requests = odoo.requests().size();
        poller.pollDue(NOW.plusSeconds(30));
        assertThat(odoo.requests()).hasSize(requests);
        poller.pollDue(NOW.plusSeconds(60));
        assertThat(odoo.requests()).hasSize(requests + 1);
    }

    @Test
    void aRestartedPollerGoesOnFromItsStoredWatermark() {
        for (int i = 0; i < 40; i++) {
            odoo.put(LINE, timesheet(100 + i, "2026-11-23 0" + (i / 10) + ":00:00", 1.0));
        }
        poller("json-2", 500).pollDue(NOW);
        assertThat(sink.ids()).hasSize(40);
        sink.rows.clear();

        odoo.put(LINE, timesheet(200, "2026-11-23 11:00:00", 1.0));
        poller("json-2", 500).pollDue(NOW.plusSeconds(60)); // a new instance over the same state directory

        // Only the overlap before the watermark (03:00:00 minus 5 minutes) is read again, and what came after.
        assertThat(sink.ids()).containsExactly(130L, 131L, 132L, 133L, 134L, 135L, 136L, 137L, 138L, 139L, 200L);
    }

    @Test
    void aRefusedPageIsReadAgainAndNothingIsLost() {
        for (int i = 0; i < 25; i++) {
            odoo.put(LINE, timesheet(1 + i, "2026-11-23 10:" + String.format("%02d", i) + ":00", 1.0));
        }
        OdooPoller poller = poller("json-2", 10);
        sink.refuseCall = 2; // the second page: ingest is full
        poller.pollDue(NOW);
        assertThat(sink.ids()).hasSize(10);
        assertThat(poller.status().get(0).watermark()).isEqualTo("2026-11-23 10:09:00 #10");
        assertThat(poller.status().get(0).lastError()).contains("ingest refused");
        assertThat(observed.results).contains("refused");

        poller.pollDue(NOW.plus(Duration.ofMinutes(20)));
        assertThat(sink.ids()).hasSize(25).doesNotHaveDuplicates();
        assertThat(poller.status().get(0).failures()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"json-2", "json-rpc"})
    void aRefusedKeyIsReportedClearlyAndPollingResumesOnceItIsFixed(String protocol) {
        odoo.put(LINE, timesheet(1, "2026-11-23 10:00:00", 1.0));
        odoo.changeKey("rotated-key-nobody-told-handoff");
        OdooPoller poller = poller(protocol, 500);

        assertThat(poller.pollDue(NOW)).isZero();
        OdooPoller.ModelStatus status = poller.status().get(0);
        assertThat(status.lastError())
                .containsAnyOf("API key was refused", "refused login")
                .contains("api-key");
        assertThat(status.failures()).isEqualTo(1);
        assertThat(status.watermark()).isNull();
        assertThat(observed.results).containsExactly("unauthorized");

        odoo.changeKey(KEY);
        assertThat(poller.pollDue(status.nextAttemptAt())).isEqualTo(1);
        assertThat(poller.status().get(0).lastError()).isNull();
    }

    @Test
    void rateLimitingIsWaitedOutForAsLongAsOdooAsks() {
        odoo.put(LINE, timesheet(1, "2026-11-23 10:00:00", 1.0));
        odoo.rateLimitNext(1, 120);
        OdooPoller poller = poller("json-2", 500);

        poller.pollDue(NOW);
        assertThat(poller.status().get(0).nextAttemptAt()).isAfterOrEqualTo(NOW.plusSeconds(120));
        assertThat(observed.results).containsExactly("rate-limited");
        poller.pollDue(NOW.plusSeconds(90));
        assertThat(sink.ids()).isEmpty();
        poller.pollDue(NOW.plusSeconds(120));
        assertThat(sink.ids()).containsExactly(1L);
    }

    @Test
    void aTimeoutBacksOffAndTheNextAttemptReadsEverything() {
        odoo.put(LINE, timesheet(1, "2026-11-23 10:00:00", 1.0));
        odoo.slowNext(1, Duration.ofSeconds(2));
        OdooPoller poller = poller("json-2", 500, Duration.ofMillis(300), LINE);

        poller.pollDue(NOW);
        assertThat(poller.status().get(0).lastError()).contains("no answer", "within 300 ms");
        assertThat(observed.results).containsExactly("timeout");
        poller.pollDue(poller.status().get(0).nextAttemptAt());
        assertThat(sink.ids()).containsExactly(1L);
    }

    @Test
    void oneFailingModelDoesNotHoldUpTheOthers() {
        odoo.put(LINE, timesheet(1, "2026-11-23 10:00:00", 1.0));
        odoo.put(
                MOVE,
                record(7718, "2026-11-23 10:00:00")
                        .put("move_type", "out_invoice")
                        .put("state", "posted"));
        odoo.forbid(LINE);
        odoo.uninstall("hr.expense");
        OdooPoller poller = poller("json-rpc", 500, LINE, MOVE, "hr.expense");

        poller.pollDue(NOW);

        assertThat(sink.ids()).containsExactly(7718L);
        assertThat(poller.status())
                .extracting(OdooPoller.ModelStatus::lastError)
                .satisfiesExactly(
                        line -> assertThat(line).contains("AccessError", "read access"),
                        move -> assertThat(move).isNull(),
                        expense -> assertThat(expense).contains("doesn't exist", "not installed"));
        assertThat(observed.results).containsExactly("forbidden", "ok", "unknown-model");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json-2", "json-rpc"})
    void onCommunityTheEnterpriseValidationFieldIsDroppedWithAWarning(String protocol) {
        odoo.withoutField("validated");
        odoo.put(LINE, timesheet(1, "2026-11-23 10:00:00", 1.0));
        OdooPoller poller = poller(protocol, 500);

        assertThat(poller.pollDue(NOW)).isEqualTo(1);
        assertThat(sink.rows.get(0).has("validated")).isFalse();
        assertThat(poller.status().get(0).droppedFields()).containsExactly("validated");
    }

    @Test
    void aMissingRequiredFieldIsAClearError() {
        odoo.withoutField("unit_amount");
        odoo.put(LINE, timesheet(1, "2026-11-23 10:00:00", 1.0));
        OdooPoller poller = poller("json-2", 500);

        poller.pollDue(NOW);
        assertThat(poller.status().get(0).lastError()).contains("Invalid field 'unit_amount'", "lacks the field");
        assertThat(observed.results).containsExactly("unknown-field");
    }

    @Test
    void backoffGrowsFromTheIntervalToTheCap() {
        OdooPoller poller = poller("json-2", 500);
        for (int failures = 1; failures <= 40; failures++) {
            Duration wait = poller.backoff(failures);
            long full = Math.min(
                    Duration.ofMinutes(15).toMillis(), Duration.ofMinutes(1).toMillis() << Math.min(failures - 1, 20));
            assertThat(wait.toMillis()).as("attempt %d", failures).isBetween(full / 2, full);
        }
    }

    /** What the sink was given, page by page; can refuse a call like a full ingest buffer does. */
    static final class Pages implements SnapshotSink {
        final List<List<ObjectNode>> pages = new CopyOnWriteArrayList<>();
        final List<ObjectNode> rows = new CopyOnWriteArrayList<>();
        int calls;
        int refuseCall = -1;

        @Override
        public void accept(String source, String model, List<ObjectNode> page, Instant now) {
            if (++calls == refuseCall) {
                throw new IllegalStateException("buffer full");
            }
            pages.add(page);
            rows.addAll(page);
        }

        List<Long> ids() {
            return rows.stream().map(r -> r.get("id").asLong()).toList();
        }
    }

    static final class Recorded implements PollObserver {
        final List<String> results = new CopyOnWriteArrayList<>();

        public void page(String source, String model, int rows, int fresh) {}

        public void request(String source, String model, String result) {
            results.add(result);
        }

        public void watermark(String source, String model, Instant writeDate) {}
    }
}
