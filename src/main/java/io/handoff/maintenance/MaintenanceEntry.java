package io.handoff.maintenance;

import io.handoff.sla.MaintenanceWindow;
import java.time.Instant;
import java.util.Locale;

/**
 * A maintenance window as kept: where it was declared, and whether and by whom it was withdrawn.
 *
 * @param origin {@code config}, {@code api} or {@code demo}
 * @param withdrawnAt null while in force
 */
public record MaintenanceEntry(
        MaintenanceWindow window, String origin, Instant withdrawnAt, String withdrawnBy, String withdrawComment) {
    public static final String CONFIG = "config";
    public static final String API = "api";
    /** Declared by the demo workload: kept in memory only. */
    public static final String DEMO = "demo";

    public enum Status {
        UPCOMING,
        ACTIVE,
        PAST,
        WITHDRAWN;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean inForce() {
        return withdrawnAt == null;
    }

    public Status status(Instant now) {
        if (withdrawnAt != null) {
            return Status.WITHDRAWN;
        }
        if (now.isBefore(window.start())) {
            return Status.UPCOMING;
        }
        return now.isBefore(window.end()) ? Status.ACTIVE : Status.PAST;
    }

    MaintenanceEntry withdrawn(Instant at, String by, String comment) {
        return new MaintenanceEntry(window, origin, at, by, comment);
    }
}
