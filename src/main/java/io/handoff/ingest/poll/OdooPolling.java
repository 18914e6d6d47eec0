package io.handoff.ingest.poll;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.ingest.Intake;
import io.handoff.ingest.odoo.OdooSnapshotMapper;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The configured Odoo pollers, run by the scheduler. Configuration mistakes fail the start-up with the
 * key to fix; Odoo's own refusals (bad key, missing rights) are logged, counted and shown by the
 * admin API, and retried with backoff, since someone may fix them without restarting Handoff.
 */
@Startup
@ApplicationScoped
public class OdooPolling {
    private static final Logger LOG = Logger.getLogger(OdooPolling.class);

    private final Map<String, OdooPoller> pollers = new TreeMap<>();
    private final InstantSource clock;

    public OdooPolling(
            PollConfig config,
            OdooSnapshotMapper mapper,
            Intake intake,
            PollObserver observer,
            ObjectMapper json,
            InstantSource clock) {
        this.clock = clock;
        Watermarks watermarks = new WatermarkFiles(Path.of(config.stateDir()), json);
        SnapshotSink sink = new IntakeSink(mapper, intake);
        config.sources().forEach((name, source) -> {
            pollers.put(name, build(name, source, mapper, watermarks, sink, observer, json));
        });
        if (!pollers.isEmpty()) {
            LOG.infof(
                    "Polling Odoo: %s; watermarks in %s",
                    String.join(", ", pollers.keySet()),
                    Path.of(config.stateDir()).toAbsolutePath());
        }
    }

    static OdooPoller build(
            String name,
            PollConfig.Source source,
            OdooSnapshotMapper mapper,
            Watermarks watermarks,
            SnapshotSink sink,
            PollObserver observer,
            ObjectMapper json) {
        String key = "handoff.odoo.poll.sources." + name;
        if (source.pageSize() < 1 || source.pageSize() > 10_000) {
            throw new IllegalArgumentException(key + ".page-size: must be 1..10000, got " + source.pageSize());
        }
        List<PolledModel> models = new ArrayList<>();
        for (String model : source.models()) {
            PolledModel polled = PolledModel.KNOWN.get(model.trim());
            if (polled == null) {
                throw new IllegalArgumentException(key + ".models: cannot poll '" + model + "'; known models: "
                        + new TreeMap<>(PolledModel.KNOWN).keySet());
            }
            if (!mapper.maps(polled.model())) {
                throw new IllegalArgumentException(
                        key + ".models: no mapping rule for " + model + " (handoff.odoo.default-rules=false?)");
            }
            models.add(polled);
        }
        OdooApi api = api(name, source, json);
        return new OdooPoller(
                name,
                api,
                models,
                watermarks,
                sink,
                observer,
                new OdooPoller.Settings(
                        source.every(),
                        source.pageSize(),
                        source.overlap(),
                        source.initialLookback(),
                        source.maxBackoff()));
    }

    /**
     * A client of the source's Odoo API, as configured; fails naming the key to fix. Each caller gets its own
     * (an {@link OdooApi} serves one thread at a time).
     */
    public static OdooApi api(String name, PollConfig.Source source, ObjectMapper json) {
        return api(name, source, json, source.timeout());
    }

    /** The same, with its own timeout per request. */
    public static OdooApi api(String name, PollConfig.Source source, ObjectMapper json, Duration timeout) {
        String key = "handoff.odoo.poll.sources." + name;
        URI url;
        try {
            url = URI.create(source.url());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ".url: not a URL: " + source.url());
        }
        if (url.getScheme() == null
                || !url.getScheme().toLowerCase(Locale.ROOT).startsWith("http")
                || url.getHost() == null) {
            throw new IllegalArgumentException(
                    key + ".url: must be an http(s) URL of the Odoo server, got " + source.url());
        }
        OdooHttp http = new OdooHttp(json, timeout);
        return switch (source.api().toLowerCase(Locale.ROOT)) {
            case "json-2" -> new Json2Api(http, url, source.database().orElse(null), source.apiKey());
            case "json-rpc" ->
                new JsonRpcApi(
                        http,
                        url,
                        required(source.database(), key + ".database"),
                        required(source.login(), key + ".login"),
                        source.apiKey());
            default ->
                throw new IllegalArgumentException(
                        key + ".api: json-2 (Odoo 19+) or json-rpc (Odoo 17/18), got " + source.api());
        };
    }

    private static String required(Optional<String> value, String key) {
        return value.filter(v -> !v.isBlank())
                .orElseThrow(() -> new IllegalArgumentException(key + ": required with api=json-rpc"));
    }

    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void tick() {
        pollers.values().forEach(p -> p.pollDue(clock.instant()));
    }

    /** Polls one source's models now; empty when no such source. */
    public synchronized Optional<Integer> pollNow(String source) {
        OdooPoller poller = pollers.get(source);
        return poller == null ? Optional.empty() : Optional.of(poller.pollAll(clock.instant()));
    }

    public Map<String, List<OdooPoller.ModelStatus>> status() {
        Map<String, List<OdooPoller.ModelStatus>> out = new TreeMap<>();
        pollers.forEach((name, poller) -> out.put(name, poller.status()));
        return out;
    }
}
