package io.handoff.maintenance;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.record.SnapshotFile;
import io.handoff.sla.Maintenance;
import io.handoff.sla.MaintenanceWindow;
import io.handoff.sla.SlaCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The maintenance windows known: those configured (checked at start, an error names the key) and those declared
 * through the API (kept in a file when a state directory is set). Bounded: windows that ended more than a year and a
 * quarter ago are forgotten, and at most {@value #MAX_WINDOWS} are kept.
 */
@ApplicationScoped
public class MaintenancePlan {
    private static final Logger LOG = Logger.getLogger(MaintenancePlan.class);
    public static final int MAX_WINDOWS = 1000;
    private static final Duration FORGET_AFTER = Duration.ofDays(366 + 92);

    /** What {@link #declare} did. */
    public enum Declared {
        CREATED,
        UNCHANGED
    }

    private final Map<String, MaintenanceEntry> entries = new LinkedHashMap<>();
    private final SnapshotFile<List<MaintenanceEntry>> file;
    private final InstantSource clock;

    public MaintenancePlan(MaintenanceConfig config, SlaCatalog catalog, ObjectMapper json, InstantSource clock) {
        this.clock = clock;
        new TreeMap<>(config.windows()).forEach((id, w) -> {
            String key = "handoff.maintenance.windows." + id;
            try {
                MaintenanceWindow window = MaintenanceFields.window(
                        id,
                        w.start(),
                        w.end(),
                        w.slas().orElse(List.of()),
                        w.source().orElse(null),
                        w.reason(),
                        MaintenanceEntry.CONFIG,
                        null,
                        catalog,
                        null);
                entries.put(id, new MaintenanceEntry(window, MaintenanceEntry.CONFIG, null, null, null));
            } catch (MaintenanceFields.Fault e) {
                String field = e.pointer().substring(1).replaceFirst("/.*", "");
                throw new IllegalArgumentException(
                        key + (field.equals("id") ? "" : "." + field) + ": " + e.getMessage(), e);
            }
        });
        this.file = config.stateDir()
                .filter(dir -> !dir.isBlank())
                .map(dir -> new SnapshotFile<List<MaintenanceEntry>>(
                        Path.of(dir, "windows.json"),
                        json,
                        json.getTypeFactory().constructCollectionType(List.class, MaintenanceEntry.class)))
                .orElse(null);
        if (file != null) {
            for (MaintenanceEntry kept : file.read().orElse(List.of())) {
                if (kept == null || kept.window() == null) {
                    continue;
                }
                if (entries.containsKey(kept.window().id())) {
                    LOG.warnf(
                            "maintenance window %s declared through the API is now configured: the configuration wins",
                            kept.window().id());
                    continue;
                }
                entries.put(kept.window().id(), kept);
            }
            LOG.infof("%d maintenance windows known (%s)", entries.size(), file.file());
        }
    }

    /** The windows in force, for the engine's clocks. */
    @Produces
    public synchronized Maintenance inForce() {
        return new Maintenance(entries.values().stream()
                .filter(MaintenanceEntry::inForce)
                .map(MaintenanceEntry::window)
                .toList());
    }

    /** Every window known, the latest start first. */
    public synchronized List<MaintenanceEntry> all() {
        List<MaintenanceEntry> all = new ArrayList<>(entries.values());
        all.sort(Comparator.comparing((MaintenanceEntry e) -> e.window().start())
                .reversed()
                .thenComparing(e -> e.window().id()));
        return all;
    }

    public synchronized Optional<MaintenanceEntry> find(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    /**
     * Declares a window through the API. The same declaration again changes nothing; another one under an id in use
     * is refused ({@link IllegalStateException}), as is one beyond the bound.
     */
    public synchronized Declared declare(MaintenanceWindow window) {
        return declare(window, MaintenanceEntry.API);
    }

    /** Declares a window from {@code origin}: {@link MaintenanceEntry#API} windows are kept in the file, others not. */
    public synchronized Declared declare(MaintenanceWindow window, String origin) {
        MaintenanceEntry existing = entries.get(window.id());
        if (existing != null) {
            if (existing.inForce() && sameDeclaration(existing.window(), window)) {
                return Declared.UNCHANGED;
            }
            throw new IllegalStateException("a maintenance window with id '" + window.id() + "' exists"
                    + (existing.inForce() ? " with other fields" : " and was withdrawn")
                    + "; choose another id");
        }
        forgetOld();
        if (entries.size() >= MAX_WINDOWS) {
            throw new IllegalStateException("at most " + MAX_WINDOWS + " maintenance windows are kept");
        }
        entries.put(window.id(), new MaintenanceEntry(window, origin, null, null, null));
        keepOr(() -> entries.remove(window.id()));
        return Declared.CREATED;
    }

    /**
     * Withdraws a window declared through the API: its clocks count again as if it had never been. Withdrawing twice
     * changes nothing; configured windows are withdrawn in configuration ({@link IllegalStateException}).
     */
    public synchronized Optional<MaintenanceEntry> withdraw(String id, String by, String comment) {
        MaintenanceEntry existing = entries.get(id);
        if (existing == null) {
            return Optional.empty();
        }
        if (!existing.inForce()) {
            return Optional.of(existing);
        }
        if (MaintenanceEntry.CONFIG.equals(existing.origin())) {
            throw new IllegalStateException("maintenance window '" + id
                    + "' is declared in configuration (handoff.maintenance.windows." + id + "); remove it there");
        }
        MaintenanceEntry withdrawn = existing.withdrawn(clock.instant(), by, comment);
        entries.put(id, withdrawn);
        keepOr(() -> entries.put(id, existing));
        return Optional.of(withdrawn);
    }

    /**
     * Whether a window in force over the whole SLA (naming it or every SLA, and no source) is active at {@code now}:
     * what silences its alerts. A window over one source's flows pauses or excludes their clocks but silences nothing,
     * the other sources' breaches still count.
     */
    public synchronized boolean active(String sla, Instant now) {
        for (MaintenanceEntry e : entries.values()) {
            MaintenanceWindow w = e.window();
            if (e.inForce()
                    && w.source() == null
                    && w.activeAt(now)
                    && (w.slas().isEmpty() || w.slas().contains(sla))) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameDeclaration(MaintenanceWindow a, MaintenanceWindow b) {
        return a.start().equals(b.start())
                && a.end().equals(b.end())
                && a.slas().equals(b.slas())
                && java.util.Objects.equals(a.source(), b.source())
                && a.reason().equals(b.reason());
    }

    private void forgetOld() {
        Instant horizon = clock.instant().minus(FORGET_AFTER);
        Instant yesterday = clock.instant().minus(Duration.ofDays(1));
        entries.values()
                .removeIf(e -> (MaintenanceEntry.API.equals(e.origin())
                                && e.window().end().isBefore(horizon))
                        || (MaintenanceEntry.DEMO.equals(e.origin())
                                && e.window().end().isBefore(yesterday)));
    }

    /** Writes the API's windows down; if that fails, undoes the change in memory too and passes the failure on. */
    private void keepOr(Runnable undo) {
        if (file == null) {
            return;
        }
        try {
            file.write(entries.values().stream()
                    .filter(e -> MaintenanceEntry.API.equals(e.origin()))
                    .toList());
        } catch (RuntimeException e) {
            undo.run();
            throw e;
        }
    }
}
