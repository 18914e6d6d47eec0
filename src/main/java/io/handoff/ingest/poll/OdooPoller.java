package io.handoff.ingest.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoff.ingest.poll.OdooApiException.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Polls one Odoo database model by model, by {@code write_date} watermark, and hands the records to
 * the sink page by page.
 *
 * <p>Each run reads from the stored watermark minus {@code overlap} (a transaction that started
 * before the last run but committed after it carries an older {@code write_date}), in
 * {@code write_date asc, id asc} order, paging by position rather than offset (rows written while
 * paging cannot shift a page), and drops records already read, keyed by (id, write_date). Equal
 * write dates are common (one transaction writes many records), so comparisons include the id. The
 * watermark moves only after the sink accepted a page. A failing model backs off exponentially with
 * jitter and does not hold up the others. One thread at a time.
 */
public final class OdooPoller {
    private static final Logger LOG = Logger.getLogger(OdooPoller.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int PROGRESS_EVERY_PAGES = 20;
    /** Records remembered per model for dropping re-reads of the overlap; beyond it a re-read is a harmless duplicate. */
    private static final int MAX_REMEMBERED = 100_000;

    /** How one source is polled. */
    public record Settings(
            Duration every, int pageSize, Duration overlap, Duration initialLookback, Duration maxBackoff) {}

    /** What an operator sees of one model. */
    public record ModelStatus(
            String model,
            String watermark,
            Instant lastSuccessAt,
            Instant nextAttemptAt,
            int failures,
            String lastError,
            List<String> droppedFields,
            long rowsRead) {}

    private final String source;
    private final OdooApi api;
    private final Watermarks watermarks;
    private final SnapshotSink sink;
    private final PollObserver observer;
    private final Settings settings;
    private final Map<String, ModelState> models = new LinkedHashMap<>();

    public OdooPoller(
            String source,
            OdooApi api,
            List<PolledModel> polled,
            Watermarks watermarks,
            SnapshotSink sink,
            PollObserver observer,
            Settings settings) {
        this.source = source;
        this.api = api;
        this.watermarks = watermarks;
        this.sink = sink;
        this.observer = observer;
        this.settings = settings;
        polled.forEach(m -> models.put(m.model(), new ModelState(m)));
    }

    public String source() {
        return source;
    }

    /** Polls every model whose turn has come; returns how many records were fresh. */
    public int pollDue(Instant now) {
        int fresh = 0;
        for (ModelState state : models.values()) {
            if (!now.isBefore(state.nextAttemptAt)) {
                fresh += poll(state, now);
            }
        }
        return fresh;
    }

    /** Polls every model now, whatever their schedule (the admin API's "poll now"). */
    public int pollAll(Instant now) {
        int fresh = 0;
        for (ModelState state : models.values()) {
            fresh += poll(state, now);
        }
        return fresh;
    }

    public List<ModelStatus> status() {
        List<ModelStatus> out = new ArrayList<>();
        for (ModelState s : models.values()) {
            String mark = watermarks
                    .get(source, s.model.model())
                    .map(w -> w.writeDate() + " #" + w.id())
                    .orElse(null);
            out.add(new ModelStatus(
                    s.model.model(),
                    mark,
                    s.lastSuccessAt,
                    s.nextAttemptAt,
                    s.failures,
                    s.lastError,
                    List.copyOf(s.dropped),
                    s.rowsRead));
        }
        return out;
    }

    private int poll(ModelState state, Instant now) {
        String model = state.model.model();
        try {
            int fresh = read(state, now);
            if (state.failures > 0) {
                LOG.infof("Odoo poll %s/%s works again after %d failed attempts", source, model, state.failures);
            }
            state.failures = 0;
            state.lastError = null;
            state.lastSuccessAt = now;
            state.nextAttemptAt = now.plus(settings.every());
            return fresh;
        } catch (OdooApiException e) {
            observer.request(source, model, e.kind().label());
            Duration wait = backoff(++state.failures);
            if (e.retryAfter().isPresent() && e.retryAfter().get().compareTo(wait) > 0) {
                wait = e.retryAfter().get();
            }
            fail(state, now, wait, e.getMessage() + hint(e.kind()), e.kind().isTransient());
        } catch (RuntimeException e) {
            // The sink refused (buffer full, storage down): the page is read again on the next attempt.
            observer.request(source, model, "refused");
            fail(state, now, backoff(++state.failures), "ingest refused the page: " + e.getMessage(), true);
        }
        return 0;
    }

    private void fail(ModelState state, Instant now, Duration wait, String message, boolean transientFault) {
        state.nextAttemptAt = now.plus(wait);
        if (!message.equals(state.lastError) || state.failures == 1) {
            // Once per distinct problem: a dead key must not print every minute for a weekend.
            if (transientFault) {
                LOG.warnf(
                        "Odoo poll %s/%s failed (attempt %d, next in %ds): %s",
                        source, state.model.model(), state.failures, wait.toSeconds(), message);
            } else {
                LOG.errorf(
                        "Odoo poll %s/%s cannot read until this is fixed (next attempt in %ds): %s",
                        source, state.model.model(), wait.toSeconds(), message);
            }
        }
        state.lastError = message;
    }

    private static String hint(Kind kind) {
        return switch (kind) {
            case UNAUTHORIZED -> " — check handoff.odoo.poll.sources.<name>.api-key (and login/database for json-rpc)";
            case FORBIDDEN -> " — give the integration user read access to this model";
            case UNKNOWN_MODEL ->
                " — its module is not installed on this database: remove the model from handoff.odoo.poll.sources.<name>.models";
            case UNKNOWN_FIELD -> " — this database lacks the field (an Enterprise field on Community?)";
            default -> "";
        };
    }

    /** Exponential from the poll interval up to the cap, with equal jitter so many pollers do not retry in step. */
    Duration backoff(int failures) {
        long base = settings.every().toMillis();
        long cap = settings.maxBackoff().toMillis();
        long exponential = failures >= 30 ? cap : Math.min(cap, base * (1L << Math.min(failures - 1, 29)));
        long half = Math.max(1, exponential / 2);
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    private int read(ModelState state, Instant now) throws OdooApiException {
        String model = state.model.model();
        Watermark stored = watermarks.get(source, model).orElse(null);
        Watermark cursor = stored == null
                ? Watermark.before(now.minus(settings.initialLookback()))
                : stored.minus(settings.overlap());
        Watermark high = stored;
        int fresh = 0;
        int pages = 0;
        while (true) {
            List<ObjectNode> rows = searchRead(state, cursor);
            List<ObjectNode> unseen = new ArrayList<>(rows.size());
            Watermark last = cursor;
            for (ObjectNode row : rows) {
                Watermark at = position(row, model);
                if (!at.writeDate().equals(state.remembered.get(at.id()))) {
                    unseen.add(row);
                }
                last = at;
            }
            observer.request(source, model, "ok");
            if (!unseen.isEmpty()) {
                sink.accept(source, model, unseen, now);
                for (ObjectNode row : unseen) {
                    remember(state, position(row, model));
                }
            }
            observer.page(source, model, rows.size(), unseen.size());
            state.rowsRead += rows.size();
            fresh += unseen.size();
            cursor = last;
            if (high == null || cursor.compareTo(high) > 0) {
                high = cursor;
                watermarks.put(source, model, high);
                observer.watermark(source, model, high.time());
            }
            pages++;
            if (pages % PROGRESS_EVERY_PAGES == 0) {
                LOG.infof(
                        "Odoo poll %s/%s catching up: %d pages, %d new records so far, read up to %s",
                        source, model, pages, fresh, cursor.writeDate());
            }
            if (rows.size() < settings.pageSize()) {
                break;
            }
        }
        if (pages >= PROGRESS_EVERY_PAGES) {
            LOG.infof(
                    "Odoo poll %s/%s caught up: %d pages, %d new records, read up to %s",
                    source, model, pages, fresh, cursor.writeDate());
        }
        forgetBefore(state, high == null ? cursor : high.minus(settings.overlap()));
        return fresh;
    }

    /** One page, dropping optional fields this database lacks and asking again. */
    private List<ObjectNode> searchRead(ModelState state, Watermark after) throws OdooApiException {
        while (true) {
            try {
                return api.searchRead(new OdooApi.SearchRead(
                        state.model.model(),
                        domain(state.model, after),
                        state.fields,
                        "write_date asc, id asc",
                        settings.pageSize()));
            } catch (OdooApiException e) {
                String field = e.field().orElse(null);
                if (e.kind() != Kind.UNKNOWN_FIELD
                        || field == null
                        || !state.model.optionalFields().contains(field)
                        || !state.fields.remove(field)) {
                    throw e;
                }
                state.dropped.add(field);
                LOG.warnf(
                        "Odoo poll %s/%s: this database has no field %s (Enterprise only?); reading without it%s",
                        source,
                        state.model.model(),
                        field,
                        "validated".equals(field)
                                ? ": timesheet approvals must then come from the time-tracking tool or the middleware"
                                : "");
            }
        }
    }

    /** The model's own domain, and: after {@code mark} in (write_date, id) order. */
    static ArrayNode domain(PolledModel model, Watermark mark) {
        ArrayNode domain = model.domain().deepCopy();
        domain.add("|");
        domain.add(NODES.arrayNode().add("write_date").add(">").add(mark.writeDate()));
        domain.add("&");
        domain.add(NODES.arrayNode().add("write_date").add("=").add(mark.writeDate()));
        domain.add(NODES.arrayNode().add("id").add(">").add(mark.id()));
        return domain;
    }

    private static Watermark position(ObjectNode row, String model) throws OdooApiException {
        JsonNode writeDate = row.get("write_date");
        if (writeDate == null || !writeDate.isTextual() || writeDate.asText().length() < 19) {
            throw new OdooApiException(
                    Kind.PROTOCOL,
                    model + " record " + row.path("id") + " has no write_date (\"YYYY-MM-DD HH:MM:SS\"): " + writeDate);
        }
        // The APIs cut to whole seconds; cut anyway so a stand-in or proxy sending fractions cannot break the order.
        return new Watermark(writeDate.asText().substring(0, 19), row.get("id").asLong());
    }

    private static void remember(ModelState state, Watermark at) {
        state.remembered.remove(at.id());
        state.remembered.put(at.id(), at.writeDate());
        if (state.remembered.size() > MAX_REMEMBERED) {
            Iterator<Long> eldest = state.remembered.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    private static void forgetBefore(ModelState state, Watermark start) {
        state.remembered.values().removeIf(writeDate -> writeDate.compareTo(start.writeDate()) < 0);
    }

    private static final class ModelState {
        final PolledModel model;
        final List<String> fields;
        final Set<String> dropped = new LinkedHashSet<>();
        /** Record id → write date of the records read within the overlap, in reading order. */
        final LinkedHashMap<Long, String> remembered = new LinkedHashMap<>();

        Instant nextAttemptAt = Instant.MIN;
        Instant lastSuccessAt;
        int failures;
        String lastError;
        long rowsRead;

        ModelState(PolledModel model) {
            this.model = model;
            this.fields = new ArrayList<>(model.fields());
        }
    }
}
