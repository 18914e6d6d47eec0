package io.handoff.ingest.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoff.event.ObjectRef;
import io.handoff.names.Names;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Names read from one Odoo database: one {@code search_read} per model and batch ({@code id in [...]}), kept
 * for a time to live in a bounded cache (least recently used out first). A name past its time is still shown
 * while it is read again. Ids Odoo does not return (deleted, or outside the user's record rules) are
 * remembered as unknown for a while, so a page does not ask for them again and again. When Odoo fails, lookups
 * pause with a growing backoff and the pages show ids.
 */
public final class OdooNames implements Names {
    private static final Logger LOG = Logger.getLogger(OdooNames.class);

    /**
     * @param ttl how long a name is used before it is read again
     * @param maxEntries names kept at most
     * @param batch ids per request
     * @param maxBackoff longest pause after failures
     * @param defaultCurrency currency of amounts whose record names none; null for none
     * @param patience how long a page or an e-mail waits for another lookup under way before it goes on without
     */
    public record Settings(
            Duration ttl, int maxEntries, int batch, Duration maxBackoff, String defaultCurrency, Duration patience) {
        public Settings {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("handoff.names.ttl must be positive");
            }
            if (maxBackoff.isNegative() || maxBackoff.isZero()) {
                throw new IllegalArgumentException("handoff.names.max-backoff must be positive");
            }
            if (maxEntries < 1 || batch < 1 || batch > 1000) {
                throw new IllegalArgumentException(
                        "handoff.names.max-entries must be at least 1 and handoff.names.batch 1..1000");
            }
        }
    }

    /** What is known of one record; all null when Odoo did not return it. */
    private record Known(String name, String description, String currency, Instant readAt) {}

    /** Ids waiting for the background lookup at most; more are asked for again when next shown. */
    static final int MAX_PENDING = 10_000;

    /** Ids one background run reads at most; the rest wait for the next run, so it never holds the API long. */
    static final int PER_RUN = 1_000;

    /** One lookup at a time (an {@link OdooApi} serves one thread), taken per request, not per run. */
    private final java.util.concurrent.locks.ReentrantLock apiLock = new java.util.concurrent.locks.ReentrantLock();

    private final OdooApi api;
    private final Settings settings;
    private final InstantSource clock;
    private final Map<ObjectRef, Known> cache;
    private final Set<ObjectRef> pending = new LinkedHashSet<>();
    /** Models Odoo refused (not installed, no rights), until when: not asked again before. */
    private final Map<String, Instant> refusedModels = new HashMap<>();

    private final AtomicLong found = new AtomicLong();
    private final AtomicLong missing = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private Instant pausedUntil = Instant.MIN;
    private Duration backoff = Duration.ZERO;

    public OdooNames(OdooApi api, Settings settings, InstantSource clock) {
        this.api = api;
        this.settings = settings;
        this.clock = clock;
        this.cache = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ObjectRef, Known> eldest) {
                return size() > settings.maxEntries();
            }
        };
    }

    @Override
    public String name(ObjectRef record) {
        Known known = known(record);
        return known == null ? null : known.name;
    }

    @Override
    public String describe(ObjectRef record) {
        Known known = known(record);
        return known == null ? null : known.description;
    }

    @Override
    public String currency(ObjectRef record) {
        RecordShape shape = record == null ? null : RecordShape.of(record.model());
        if (shape == null || shape.currencyField() == null) {
            return settings.defaultCurrency(); // a record that names no currency: the firm's
        }
        Known known = known(record);
        // Not read yet, or Odoo did not return it: no currency rather than a wrong one.
        return known == null ? null : known.currency;
    }

    @Override
    public void fetch(Collection<ObjectRef> records) {
        List<ObjectRef> wanted = new ArrayList<>();
        synchronized (this) {
            for (ObjectRef record : records) {
                if (RecordShape.of(record.model()) != null && stale(cache.get(record))) {
                    wanted.add(record);
                }
            }
        }
        read(wanted, settings.patience());
    }

    /** Reads what pages asked for since the last call (at most {@link #PER_RUN}); the scheduler calls it every few seconds. */
    public void fetchPending() {
        List<ObjectRef> wanted = new ArrayList<>();
        synchronized (this) {
            var it = pending.iterator();
            while (it.hasNext() && wanted.size() < PER_RUN) {
                wanted.add(it.next());
                it.remove();
            }
        }
        read(wanted, null);
    }

    /** Records named, ids Odoo did not return, requests that failed: for the metrics. */
    public long found() {
        return found.get();
    }

    public long missing() {
        return missing.get();
    }

    public long failed() {
        return failed.get();
    }

    public synchronized int size() {
        return cache.size();
    }

    private synchronized Known known(ObjectRef record) {
        if (RecordShape.of(record.model()) == null) {
            return null;
        }
        Known known = cache.get(record);
        if (stale(known) && pending.size() < MAX_PENDING) {
            pending.add(record);
        }
        return known;
    }

    private boolean stale(Known known) {
        if (known == null) {
            return true;
        }
        // An id Odoo did not return is asked again sooner: it may have been out of reach for a moment.
        Duration ttl = known.name == null && known.description == null
                ? min(settings.ttl(), Duration.ofMinutes(5))
                : settings.ttl();
        return !known.readAt.plus(ttl).isAfter(clock.instant());
    }

    /**
     * One request per model and batch, one at a time. A caller that must not wait long ({@code wait} not null: a page,
     * an e-mail) waits at most that long for each turn, and leaves what it could not read to the background.
     */
    private void read(List<ObjectRef> wanted, Duration wait) {
        if (wanted.isEmpty()) {
            return;
        }
        // Followed records first: they name what they point to, which then needs no request of its own.
        Map<String, List<ObjectRef>> byModel = new TreeMap<>(
                java.util.Comparator.comparing((String model) -> RecordShape.FOLLOWED.containsKey(model) ? 0 : 1)
                        .thenComparing(model -> model));
        for (ObjectRef ref : wanted) {
            if (Names.isOdooId(ref.id())) {
                byModel.computeIfAbsent(ref.model(), m -> new ArrayList<>()).add(ref);
            }
        }
        List<ObjectRef> unread = new ArrayList<>();
        for (Map.Entry<String, List<ObjectRef>> model : byModel.entrySet()) {
            List<ObjectRef> refs = model.getValue();
            for (int from = 0; from < refs.size(); from += settings.batch()) {
                List<ObjectRef> batch = refs.subList(from, Math.min(refs.size(), from + settings.batch()));
                if (!unread.isEmpty() || !turn(wait)) {
                    unread.addAll(batch);
                    continue;
                }
                try {
                    if (!readBatch(model.getKey(), batch)) {
                        unread.addAll(batch);
                    }
                } finally {
                    apiLock.unlock();
                }
            }
        }
        later(unread);
    }

    /** The API's turn: waiting at most {@code wait} (null: as long as it takes). */
    private boolean turn(Duration wait) {
        if (wait == null) {
            apiLock.lock();
            return true;
        }
        try {
            return apiLock.tryLock(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What a pause left unread is asked for after it. */
    private synchronized void later(List<ObjectRef> unread) {
        for (ObjectRef ref : unread) {
            if (pending.size() >= MAX_PENDING) {
                return;
            }
            pending.add(ref);
        }
    }

    /** False when Odoo failed and lookups pause. */
    private boolean readBatch(String model, List<ObjectRef> refs) {
        Instant now = clock.instant();
        synchronized (this) {
            if (now.isBefore(pausedUntil)) {
                return false;
            }
            if (now.isBefore(refusedModels.getOrDefault(model, Instant.MIN))) {
                return true;
            }
            // Named meanwhile by a record that points to it (a line names its project): no request needed.
            refs = refs.stream().filter(r -> stale(cache.get(r))).toList();
            if (refs.isEmpty()) {
                return true;
            }
        }
        RecordShape shape = RecordShape.of(model);
        ArrayNode ids = JsonNodeFactory.instance.arrayNode();
        refs.forEach(r -> ids.add(Long.parseLong(r.id())));
        ArrayNode domain = JsonNodeFactory.instance.arrayNode();
        domain.addArray().add("id").add("in").add(ids);
        List<ObjectNode> rows;
        try {
            // Archived partners, projects and employees are still what the lines were for: read them too.
            rows = api.searchRead(new OdooApi.SearchRead(model, domain, shape.fields(), "id asc", refs.size(), true));
        } catch (OdooApiException e) {
            failed.incrementAndGet();
            return failedWith(model, e, now);
        }
        synchronized (this) {
            if (backoff.compareTo(Duration.ZERO) > 0) {
                LOG.infof("Odoo names: %s answers again; names are read again", api.protocol());
            }
            backoff = Duration.ZERO;
            Set<String> returned = new java.util.HashSet<>();
            for (ObjectNode row : rows) {
                String id = row.path("id").asText();
                returned.add(id);
                String currency =
                        shape.currencyField() == null ? null : RecordShape.many2oneName(row.get(shape.currencyField()));
                String description = shape.describe(row);
                String own = RecordShape.text(row.get("name")); // an invoice's number, a milestone's title
                cache.put(
                        new ObjectRef(model, id),
                        new Known(own == null ? description : own, description, currency, now));
                learn(shape, row, now);
                found.incrementAndGet();
            }
            for (ObjectRef ref : refs) {
                if (!returned.contains(ref.id())) {
                    cache.put(ref, new Known(null, null, null, now));
                    missing.incrementAndGet();
                }
            }
        }
        return true;
    }

    /** The names of what the row points to come with it: no request needed for them. */
    private void learn(RecordShape shape, JsonNode row, Instant now) {
        shape.comodels().forEach((field, comodel) -> {
            String id = RecordShape.many2oneId(row.get(field));
            String name = RecordShape.many2oneName(row.get(field));
            if (id != null && name != null) {
                cache.put(new ObjectRef(comodel, id), new Known(name, name, null, now));
            }
        });
    }

    private synchronized boolean failedWith(String model, OdooApiException e, Instant now) {
        switch (e.kind()) {
            case FORBIDDEN, UNKNOWN_MODEL, UNKNOWN_FIELD -> {
                // This model only: its ids stay ids for an hour (or the time to live, if shorter).
                refusedModels.put(model, now.plus(min(settings.ttl(), Duration.ofHours(1))));
                LOG.warnf(
                        "Odoo names: cannot read %s (%s): its records are shown by id. Grant the integration user read access to %s, or install its module. %s",
                        model, e.kind().label(), model, e.getMessage());
                return true;
            }
            default -> {
                backoff =
                        backoff.isZero() ? Duration.ofSeconds(5) : min(backoff.multipliedBy(2), settings.maxBackoff());
                Duration asked = e.retryAfter()
                        .filter(d -> d.compareTo(backoff) > 0)
                        .map(d -> min(d, settings.maxBackoff()))
                        .orElse(backoff);
                pausedUntil = now.plus(asked);
                LOG.warnf(
                        "Odoo names: %s failed (%s), pages show ids; next try in %d s. %s",
                        api.protocol(),
                        e.kind().label(),
                        Duration.between(now, pausedUntil).toSeconds(),
                        e.getMessage());
                return false;
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
