package io.handoff.store.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.instrumentation.Instrumentation;
import co.elastic.clients.transport.instrumentation.NoopInstrumentation;
import co.elastic.clients.transport.instrumentation.OpenTelemetryForElasticsearch;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import co.elastic.clients.transport.rest5_client.low_level.Rest5ClientBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoff.anomaly.AnomalyPoint;
import io.handoff.event.BusinessEvent;
import io.handoff.reconcile.ExceptionQuery;
import io.handoff.reconcile.ExceptionRecord;
import io.handoff.record.Page;
import io.handoff.sla.Outcome;
import io.handoff.slo.ClockDecision;
import io.handoff.slo.Contributor;
import io.handoff.slo.WindowTally;
import io.handoff.store.Cursor;
import io.handoff.store.FlowQuery;
import io.handoff.store.FlowRecord;
import io.handoff.store.RecoveryPlan;
import io.handoff.store.Store;
import io.handoff.store.StoreConfig;
import io.handoff.store.StoreFullException;
import io.handoff.store.StoreObserver;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.jboss.logging.Logger;

/**
 * Elasticsearch as the system of record.
 *
 * <p>Indices (all under {@code <prefix>-}): {@code events-yyyy.MM} (one per month of event time, id =
 * digest of the event identity, created with op_type create so a duplicate is kept once; deleted whole
 * after the retention period, because the clusters we test on have no ILM), {@code flows-v1} (one
 * document per flow, id = flow key, external version), {@code exceptions-v1} (id = exception id,
 * external version) and {@code dead-letters-v1}. Templates are versioned and put idempotently at start.
 */
public final class ElasticStore implements Store {
    private static final Logger LOG = Logger.getLogger(ElasticStore.class);
    static final String EVENT = "event";
    static final String FLOW = "flow";
    static final String EXCEPTION = "exception";
    static final String ANOMALY = "anomaly";
    static final String DECISION = "decision";
    private static final int PAGE = 5000;
    private static final int TERMS_CHUNK = 1000;
    /** A total order of events: their identity breaks ties of time. */
    private static final List<String> EVENT_ORDER = List.of("@timestamp", "source", "event_id");
    /** Flow documents trail their events by the engine's write interval and the bulk delay; this covers both with room to spare. */
    private static final Duration FLOW_WRITE_MARGIN = Duration.ofMinutes(1);

    private static final DateTimeFormatter MONTH =
            DateTimeFormatter.ofPattern("yyyy.MM").withZone(ZoneOffset.UTC);

    private final ElasticsearchClient client;
    private final Rest5Client rest;
    private final Documents documents;
    private final BulkWriter writer;
    private final String prefix;
    private final String flows;
    private final String exceptions;
    private final String decisions;
    private final String eventsPattern;
    private final String notices;
    /** The templates as put at start-up, by name. */
    private final Map<String, String> templates = new java.util.HashMap<>();

    private ElasticStore(
            Rest5Client rest,
            StoreConfig.Elasticsearch config,
            StoreObserver observer,
            InstantSource clock,
            Instrumentation instrumentation) {
        this.rest = rest;
        this.client = new ElasticsearchClient(
                new Rest5ClientTransport(rest, new JacksonJsonpMapper(new ObjectMapper()), null, instrumentation));
        this.documents = new Documents(new ObjectMapper());
        this.prefix = config.indexPrefix();
        this.flows = prefix + "-flows-v1";
        this.exceptions = prefix + "-exceptions-v1";
        this.decisions = prefix + "-decisions-v1";
        this.eventsPattern = prefix + "-events-*";
        this.notices = prefix + "-notices-v1";
        DeadLetters deadLetters = new DeadLetters(client, documents, prefix + "-dead-letters-v1", clock);
        this.writer = new BulkWriter(
                client,
                deadLetters,
                observer,
                config.bulkActions(),
                config.bulkBytes(),
                config.flushInterval(),
                config.maxBackoff(),
                config.bufferEvents(),
                config.bufferDocuments(),
                config.concurrentRequests());
    }

    /** Connects, waits for the cluster (up to the start-up timeout) and puts templates and indices. */
    public static ElasticStore open(StoreConfig.Elasticsearch config, StoreObserver observer, InstantSource clock) {
        return open(config, observer, clock, NoopInstrumentation.INSTANCE);
    }

    /** @param openTelemetry where the client's request spans go (the service's own telemetry) */
    public static ElasticStore open(
            StoreConfig.Elasticsearch config,
            StoreObserver observer,
            InstantSource clock,
            OpenTelemetry openTelemetry) {
        return open(config, observer, clock, new OpenTelemetryForElasticsearch(openTelemetry, false));
    }

    private static ElasticStore open(
            StoreConfig.Elasticsearch config,
            StoreObserver observer,
            InstantSource clock,
            Instrumentation instrumentation) {
        Rest5ClientBuilder builder = Rest5Client.builder(config.hosts().toArray(URI[]::new));
        authorization(config).ifPresent(header -> builder.setDefaultHeaders(new Header[] {header}));
        ElasticStore store = new ElasticStore(builder.build(), config, observer, clock, instrumentation);
        try {
            store.setUp(config, clock);
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static Optional<Header> authorization(StoreConfig.Elasticsearch config) {
        if (config.apiKey().isPresent()) {
            return Optional.of(
                    new BasicHeader("Authorization", "ApiKey " + config.apiKey().get()));
        }
        if (config.username().isPresent()) {
            String pair = config.username().get() + ":" + config.password().orElse("");
            return Optional.of(new BasicHeader(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))));
        }
        return Optional.empty();
    }

    private void setUp(StoreConfig.Elasticsearch config, InstantSource clock) {
        long deadline = System.nanoTime() + config.startupTimeout().toNanos();
        while (true) {
            try {
                client.cluster()
                        .health(h -> h.waitForStatus(co.elastic.clients.elasticsearch._types.HealthStatus.Yellow)
                                .timeout(t -> t.time("10s")));
                break;
            } catch (IOException | ElasticsearchException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "Elasticsearch at " + config.hosts() + " did not answer within " + config.startupTimeout()
                                    + " (handoff.store.elasticsearch.startup-timeout): " + e.getMessage(),
                            e);
                }
                LOG.info("waiting for Elasticsearch at " + config.hosts() + ": " + e.getMessage());
                sleep(Duration.ofSeconds(2));
            }
        }
        for (String name :
                List.of("events", "flows", "exceptions", "dead-letters", "notices", "anomalies", "decisions")) {
            putTemplate(name, config.replicas());
        }
        for (String index : List.of(flows, exceptions, prefix + "-dead-letters-v1", notices, decisions)) {
            createIfAbsent(index);
        }
        addNewFields(flows, "flows");
        addNewFields(exceptions, "exceptions");
        addNewFields(decisions, "decisions");
        // This month's anomaly index, if an older template made it, gains the new fields (points are written at
        // the time they are scored: past months are never written again).
        String thisMonth = anomaliesIndex(clock.instant());
        if (call(() -> client.indices().exists(e -> e.index(thisMonth)).value())) {
            addNewFields(thisMonth, "anomalies");
        }
        LOG.info("Elasticsearch store ready at " + config.hosts() + " (indices " + prefix + "-*)");
    }

    private void putTemplate(String name, int replicas) {
        String json;
        try (InputStream in = ElasticStore.class.getResourceAsStream("/elasticsearch/" + name + ".json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${prefix}", prefix)
                    .replace("${replicas}", Integer.toString(replicas));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String body = json;
        call(() -> client.indices()
                .putIndexTemplate(p -> p.name(prefix + "-" + name).withJson(new StringReader(body))));
        templates.put(name, body);
    }

    /**
     * Brings the mapping of an index made by an older template up to date: fields are only ever added
     * (Elasticsearch refuses any other change), so a newer version can write its new fields into it.
     */
    private void addNewFields(String index, String template) {
        if (!templates.containsKey(template)) {
            return;
        }
        try {
            String mappings = new ObjectMapper()
                    .readTree(templates.get(template))
                    .path("template")
                    .path("mappings")
                    .toString();
            call(() -> client.indices().putMapping(m -> m.index(index).withJson(new StringReader(mappings))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void createIfAbsent(String index) {
        try {
            if (!client.indices().exists(e -> e.index(index)).value()) {
                client.indices().create(c -> c.index(index));
            }
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public CompletionStage<Void> append(List<BusinessEvent> events) {
        BulkWriter.Waiter waiter = new BulkWriter.Waiter(events.size());
        if (events.isEmpty()) {
            waiter.done.complete(null);
            return waiter.done;
        }
        List<BulkWriter.Operation> ops = new ArrayList<>(events.size());
        for (BusinessEvent event : events) {
            ops.add(new BulkWriter.Operation(
                    EVENT,
                    eventsIndex(event.time()),
                    Documents.eventDocId(event.identity()),
                    null,
                    documents.event(event),
                    waiter));
        }
        if (!writer.offerEvents(ops)) {
            throw new StoreFullException(
                    "the Elasticsearch write buffer is full (handoff.store.elasticsearch.buffer-events)");
        }
        return waiter.done;
    }

    String eventsIndex(Instant time) {
        return prefix + "-events-" + MONTH.format(time);
    }

    @Override
    public List<BusinessEvent> eventsOf(Collection<String> flowKeys) {
        List<String> keys = new ArrayList<>(new LinkedHashSet<>(flowKeys));
        List<BusinessEvent> found = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += TERMS_CHUNK) {
            List<FieldValue> chunk = keys.subList(from, Math.min(keys.size(), from + TERMS_CHUNK)).stream()
                    .map(FieldValue::of)
                    .toList();
            scan(
                    eventsPattern,
                    Query.of(q -> q.terms(t -> t.field("flow_key").terms(v -> v.value(chunk)))),
                    EVENT_ORDER,
                    null,
                    doc -> found.add(documents.event(doc)));
        }
        return found;
    }

    @Override
    public int room() {
        return writer.documentRoom();
    }

    @Override
    public void saveFlows(List<FlowRecord> records) {
        saveVersioned(FLOW, flows, records, FlowRecord::key, FlowRecord::version, documents::flow);
    }

    /** Hands derived documents to the writer, each indexed under its id with its external version. */
    private <T> void saveVersioned(
            String kind,
            String index,
            List<T> records,
            Function<T, String> id,
            java.util.function.ToLongFunction<T> version,
            Function<T, byte[]> json) {
        List<BulkWriter.Operation> ops = new ArrayList<>(records.size());
        for (T record : records) {
            ops.add(new BulkWriter.Operation(
                    kind,
                    index,
                    Documents.docId(id.apply(record)),
                    version.applyAsLong(record),
                    json.apply(record),
                    null));
        }
        writer.offerDocuments(ops);
    }

    @Override
    public Optional<FlowRecord> flow(String key) {
        GetResponse<ObjectNode> direct =
                call(() -> client.get(g -> g.index(flows).id(Documents.docId(key)), ObjectNode.class));
        Optional<FlowRecord> found = direct.found() ? Optional.of(documents.flow(direct.source())) : Optional.empty();
        if (found.isEmpty()) {
            SearchResponse<ObjectNode> byAlias = call(() -> client.search(
                    s -> s.index(flows)
                            .size(1)
                            .query(q -> q.term(t -> t.field("correlation_ids").value(key))),
                    ObjectNode.class));
            found = byAlias.hits().hits().stream().findFirst().map(hit -> documents.flow(hit.source()));
        }
        return found.map(flow -> flow.withTimelineOf(latestEventsOf(flow.key())));
    }

    private List<BusinessEvent> latestEventsOf(String flowKey) {
        SearchResponse<ObjectNode> latest = call(() -> client.search(
                s -> s.index(eventsPattern)
                        .size(FlowRecord.TIMELINE_LIMIT)
                        .query(q -> q.term(t -> t.field("flow_key").value(flowKey)))
                        .sort(o -> o.field(f -> f.field("@timestamp").order(SortOrder.Desc))),
                ObjectNode.class));
        return latest.hits().hits().stream()
                .map(hit -> documents.event(hit.source()))
                .toList();
    }

    @Override
    public Page<FlowRecord> searchFlows(FlowQuery q) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        term(bool, "client", q.client());
        term(bool, "project", q.project());
        term(bool, "group", q.group());
        if (q.sla() != null && q.state() != null) {
            term(bool, "sla_states", q.sla() + ":" + q.state());
        } else {
            term(bool, "slas.sla", q.sla());
            term(bool, "slas.state", q.state());
        }
        if (q.open() != null) {
            bool.filter(f -> f.term(t -> t.field("open").value(q.open())));
        }
        if (q.from() != null) {
            bool.filter(f -> f.range(
                    r -> r.date(d -> d.field("last_event_at").gte(q.from().toString()))));
        }
        if (q.to() != null) {
            bool.filter(f -> f.range(r -> r.date(d -> d.field("first_event_at").lt(q.to().toString()))));
        }
        return search(flows, bool.build(), "last_event_at", "key", q.size(), q.after(), documents::flow);
    }

    @Override
    public void saveExceptions(List<ExceptionRecord> records) {
        saveVersioned(
                EXCEPTION, exceptions, records, ExceptionRecord::id, ExceptionRecord::version, documents::exception);
    }

    @Override
    public void saveDecisions(List<ClockDecision> records) {
        saveVersioned(DECISION, decisions, records, ClockDecision::id, ClockDecision::version, documents::decision);
    }

    @Override
    public WindowTally tally(String sla, Instant from, Instant to) {
        BoolQuery.Builder bool = decidedIn(sla, from, to);
        bool.filter(f -> f.terms(t -> t.field("outcome")
                .terms(v -> v.value(
                        List.of(FieldValue.of(Outcome.MET.label()), FieldValue.of(Outcome.BREACHED.label()))))));
        BoolQuery query = bool.build();
        SearchResponse<Void> response = call(() -> client.search(
                s -> s.index(decisions)
                        .size(0)
                        .query(q -> q.bool(query))
                        .aggregations(
                                "outcome",
                                a -> a.terms(t -> t.field("outcome").size(2))
                                        .aggregations("hours", h -> h.sum(m -> m.field("hours")))
                                        .aggregations("amount", m -> m.sum(x -> x.field("amount")))),
                Void.class));
        long met = 0;
        long breached = 0;
        double hoursDecided = 0;
        double hoursBreached = 0;
        double amountDecided = 0;
        double amountBreached = 0;
        for (var bucket :
                response.aggregations().get("outcome").sterms().buckets().array()) {
            boolean late = bucket.key().stringValue().equals(Outcome.BREACHED.label());
            double hours = bucket.aggregations().get("hours").sum().value();
            double amount = bucket.aggregations().get("amount").sum().value();
            hoursDecided += hours;
            amountDecided += amount;
            if (late) {
                breached = bucket.docCount();
                hoursBreached = hours;
                amountBreached = amount;
            } else {
                met = bucket.docCount();
            }
        }
        return new WindowTally(met, breached, hoursDecided, hoursBreached, amountDecided, amountBreached);
    }

    @Override
    public List<Contributor> contributors(String sla, Instant from, Instant to, Contributor.By by, int size) {
        BoolQuery.Builder bool = decidedIn(sla, from, to);
        term(bool, "outcome", Outcome.BREACHED.label());
        BoolQuery query = bool.build();
        SearchResponse<Void> response = call(() -> client.search(
                s -> s.index(decisions)
                        .size(0)
                        .query(q -> q.bool(query))
                        .aggregations(
                                "by",
                                a -> a.terms(t -> t.field(by.field)
                                                .size(size)
                                                .missing(Contributor.NONE)
                                                .order(List.of(
                                                        co.elastic.clients.util.NamedValue.of("_count", SortOrder.Desc),
                                                        co.elastic.clients.util.NamedValue.of("_key", SortOrder.Asc))))
                                        .aggregations("hours", h -> h.sum(m -> m.field("hours")))
                                        .aggregations("amount", m -> m.sum(x -> x.field("amount")))),
                Void.class));
        List<Contributor> contributors = new ArrayList<>();
        for (var bucket : response.aggregations().get("by").sterms().buckets().array()) {
            contributors.add(new Contributor(
                    bucket.key().stringValue(),
                    bucket.docCount(),
                    bucket.aggregations().get("hours").sum().value(),
                    bucket.aggregations().get("amount").sum().value()));
        }
        return contributors;
    }

    /** The decisions of one SLA decided in {@code [from, to)}. */
    private static BoolQuery.Builder decidedIn(String sla, Instant from, Instant to) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        term(bool, "sla", sla);
        bool.filter(f -> f.range(
                r -> r.date(d -> d.field("decided_at").gte(from.toString()).lt(to.toString()))));
        return bool;
    }

    @Override
    public void saveAnomalyPoints(List<AnomalyPoint> points) {
        List<BulkWriter.Operation> ops = new ArrayList<>(points.size());
        for (AnomalyPoint point : points) {
            String id =
                    point.series() + "|" + point.subject() + "|" + point.time().toEpochMilli();
            ops.add(new BulkWriter.Operation(
                    ANOMALY, anomaliesIndex(point.time()), id, null, documents.anomaly(point), null));
        }
        writer.offerDocuments(ops);
    }

    String anomaliesIndex(Instant time) {
        return prefix + "-anomalies-" + MONTH.format(time);
    }

    @Override
    public boolean claimNotice(String noticeId, Instant at) {
        Map<String, String> doc = Map.of("notice_id", noticeId, "claimed_at", at.toString());
        try {
            // create = put-if-absent; the refresh makes a claim visible to searches of the notices index at once.
            client.create(c ->
                    c.index(notices).id(Documents.docId(noticeId)).document(doc).refresh(Refresh.WaitFor));
            return true;
        } catch (ElasticsearchException e) {
            if (e.status() == 409) {
                return false;
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch request failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ExceptionRecord> exception(String id) {
        GetResponse<ObjectNode> found =
                call(() -> client.get(g -> g.index(exceptions).id(Documents.docId(id)), ObjectNode.class));
        return found.found() ? Optional.of(documents.exception(found.source())) : Optional.empty();
    }

    @Override
    public Page<ExceptionRecord> searchExceptions(ExceptionQuery q) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        term(bool, "type", q.type());
        term(bool, "status", q.status() == null ? null : q.status().label());
        term(bool, "client", q.client());
        term(bool, "project", q.project());
        term(bool, "group", q.group());
        return search(exceptions, bool.build(), "opened_at", "id", q.size(), q.after(), documents::exception);
    }

    private <T> Page<T> search(
            String index,
            BoolQuery filter,
            String timeField,
            String keyField,
            int size,
            String after,
            Function<ObjectNode, T> decode) {
        Cursor cursor = after == null ? null : Cursor.decode(after);
        SearchResponse<ObjectNode> response = call(() -> client.search(
                s -> {
                    s.index(index)
                            .size(size)
                            .trackTotalHits(t -> t.enabled(true))
                            .query(Query.of(q -> q.bool(filter)))
                            .sort(o -> o.field(f -> f.field(timeField).order(SortOrder.Desc)))
                            .sort(o -> o.field(f -> f.field(keyField).order(SortOrder.Asc)));
                    if (cursor != null) {
                        s.searchAfter(FieldValue.of(cursor.epochNanos()), FieldValue.of(cursor.key()));
                    }
                    return s;
                },
                ObjectNode.class));
        List<Hit<ObjectNode>> hits = response.hits().hits();
        List<T> items = hits.stream().map(hit -> decode.apply(hit.source())).toList();
        long total = response.hits().total() == null
                ? items.size()
                : response.hits().total().value();
        String next = null;
        if (hits.size() == size) {
            List<FieldValue> sort = hits.get(hits.size() - 1).sort();
            next = new Cursor(sort.get(0).longValue(), sort.get(1).stringValue()).encode();
        }
        return new Page<>(items, total, next);
    }

    private static void term(BoolQuery.Builder bool, String field, String value) {
        if (value != null) {
            bool.filter(f -> f.term(t -> t.field(field).value(value)));
        }
    }

    @Override
    public RecoveryPlan recoveryPlan() {
        Set<String> keys = new LinkedHashSet<>();
        scan(
                flows,
                Query.of(q -> q.term(t -> t.field("open").value(true))),
                List.of("key"),
                List.of("key", "link_keys", "linked_from"),
                doc -> {
                    keys.add(doc.path("key").asText());
                    doc.path("link_keys").forEach(k -> keys.add(k.asText()));
                    doc.path("linked_from").forEach(k -> keys.add(k.asText()));
                });
        SearchResponse<Void> latest = call(() -> client.search(
                s -> s.index(flows).size(0).aggregations("checkpoint", a -> a.max(m -> m.field("updated_at"))),
                Void.class));
        var max = latest.aggregations().get("checkpoint").max();
        Instant checkpoint =
                max.value() == null || max.value().isInfinite() || max.value().isNaN()
                        ? null
                        : Instant.ofEpochMilli((long) Math.ceil(max.value()));
        keys.addAll(flowsReceivedSince(checkpoint == null ? null : checkpoint.minus(FLOW_WRITE_MARGIN)));
        return new RecoveryPlan(keys, checkpoint);
    }

    /**
     * The flows (and link targets) of events received since {@code since} (all when null): flow documents
     * are written a little after their events, so a kill can leave acknowledged events whose flow has no
     * document yet. Found from the events, which are the record.
     */
    private Set<String> flowsReceivedSince(Instant since) {
        Set<String> keys = new LinkedHashSet<>();
        Query query = since == null
                ? Query.of(q -> q.matchAll(m -> m))
                : Query.of(q -> q.range(r -> r.date(d -> d.field("received_at").gte(since.toString()))));
        scan(eventsPattern, query, List.of("received_at", "source", "event_id"), List.of("flow_key", "link"), doc -> {
            keys.add(doc.path("flow_key").asText());
            if (doc.hasNonNull("link")) {
                keys.add(doc.get("link").asText());
            }
        });
        return keys;
    }

    /**
     * Every document matching {@code query}, page by page with {@code search_after} over {@code sort}
     * (ascending, unique together); {@code includes} limits the source fields read (null: all).
     */
    private void scan(
            String index,
            Query query,
            List<String> sort,
            List<String> includes,
            java.util.function.Consumer<ObjectNode> each) {
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> position = after;
            SearchResponse<ObjectNode> page = call(() -> client.search(
                    s -> {
                        s.index(index).size(PAGE).query(query);
                        sort.forEach(field ->
                                s.sort(o -> o.field(f -> f.field(field).order(SortOrder.Asc))));
                        if (includes != null) {
                            s.source(src -> src.filter(f -> f.includes(includes)));
                        }
                        if (position != null) {
                            s.searchAfter(position);
                        }
                        return s;
                    },
                    ObjectNode.class));
            List<Hit<ObjectNode>> hits = page.hits().hits();
            hits.forEach(hit -> each.accept(hit.source()));
            if (hits.size() < PAGE) {
                return;
            }
            after = hits.get(hits.size() - 1).sort();
        }
    }

    /** Deletes the monthly events and anomaly-point indices whose whole month is older than {@code retention} before {@code now}. */
    @Override
    public List<String> deleteExpiredEvents(Instant now, java.time.Period retention) {
        List<String> deleted = new ArrayList<>();
        for (String kind : List.of("-events-", "-anomalies-")) {
            Set<String> indices = call(() -> client.indices()
                            .get(g -> g.index(prefix + kind + "*")
                                    .ignoreUnavailable(true)
                                    .allowNoIndices(true)))
                    .indices()
                    .keySet();
            Instant cutoff = now.atOffset(ZoneOffset.UTC).minus(retention).toInstant();
            for (String index : indices) {
                String suffix = index.substring((prefix + kind).length());
                try {
                    YearMonth month = YearMonth.parse(suffix, DateTimeFormatter.ofPattern("yyyy.MM"));
                    Instant monthEnd =
                            month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                    if (!monthEnd.isAfter(cutoff)) {
                        call(() -> client.indices().delete(d -> d.index(index)));
                        deleted.add(index);
                    }
                } catch (java.time.format.DateTimeParseException e) {
                    LOG.warn("not a Handoff monthly index, left alone: " + index);
                }
            }
        }
        return deleted;
    }

    @Override
    public void flush() {
        try {
            if (!writer.awaitEmpty(Duration.ofSeconds(60))) {
                throw new IllegalStateException(writer.backlog() + " operations still unwritten after 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        call(() -> client.indices().refresh(r -> r.index(prefix + "-*")));
    }

    /** Operations handed over and not yet written. */
    public int backlog() {
        return writer.backlog();
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public void close() {
        writer.close();
        try {
            rest.close();
        } catch (IOException e) {
            LOG.warn("closing the Elasticsearch client: " + e);
        }
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    private static <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch request failed: " + e.getMessage(), e);
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
