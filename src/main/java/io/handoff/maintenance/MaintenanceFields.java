package io.handoff.maintenance;

import io.handoff.event.WireText;
import io.handoff.sla.MaintenanceWindow;
import io.handoff.sla.SlaCatalog;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks what declares a maintenance window, whether it comes from configuration or from the API: each fault names
 * its field ({@code /start}, {@code /slas/1}, ...), so configuration errors can name the key and API errors the
 * pointer.
 */
public final class MaintenanceFields {
    /** Longer is not maintenance, it is a change of the SLA. */
    public static final Duration MAX_LENGTH = Duration.ofDays(31);
    /** Windows may be declared after the fact, as far back as the longest compliance window (a quarter). */
    public static final Duration MAX_PAST = Duration.ofDays(92);

    public static final Duration MAX_AHEAD = Duration.ofDays(366);
    public static final int MAX_REASON = 500;
    public static final int MAX_SOURCE = 200;
    public static final String ID = "[a-z0-9][a-z0-9._-]{0,62}";

    /** A field that is wrong: its JSON pointer and what is wrong with it. */
    public static final class Fault extends IllegalArgumentException {
        private final String pointer;

        Fault(String pointer, String message) {
            super(message);
            this.pointer = pointer;
        }

        public String pointer() {
            return pointer;
        }
    }

    private MaintenanceFields() {}

    /**
     * A window from its fields as given.
     *
     * @param now for the bounds on how far back and ahead; null (configuration): no such bounds
     */
    public static MaintenanceWindow window(
            String id,
            String start,
            String end,
            List<String> slas,
            String source,
            String reason,
            String declaredBy,
            Instant declaredAt,
            SlaCatalog catalog,
            Instant now) {
        if (id == null || !id.matches(ID)) {
            throw new Fault("/id", "id must be 1 to 63 lower-case letters, digits, dots, dashes or underscores");
        }
        Instant from = instant("/start", start);
        Instant to = instant("/end", end);
        if (!to.isAfter(from)) {
            throw new Fault("/end", "end must be after start");
        }
        if (Duration.between(from, to).compareTo(MAX_LENGTH) > 0) {
            throw new Fault("/end", "a maintenance window lasts at most " + MAX_LENGTH.toDays() + " days");
        }
        if (now != null && to.isBefore(now.minus(MAX_PAST))) {
            throw new Fault(
                    "/end",
                    "a window may end at most " + MAX_PAST.toDays() + " days ago (the longest compliance window)");
        }
        if (now != null && from.isAfter(now.plus(MAX_AHEAD))) {
            throw new Fault("/start", "a window may start at most " + MAX_AHEAD.toDays() + " days ahead");
        }
        Set<String> covered = new LinkedHashSet<>();
        List<String> given = slas == null ? List.of() : slas;
        for (int i = 0; i < given.size(); i++) {
            String sla = given.get(i);
            if (sla == null || catalog.indexOf(sla) < 0) {
                throw new Fault(
                        "/slas/" + i,
                        "unknown SLA"
                                + (sla == null || WireText.fault(sla, 200) != null ? "" : " '" + sla + "'")
                                + ", known: "
                                + catalog.definitions().stream()
                                        .map(d -> d.id())
                                        .toList());
            }
            covered.add(sla);
        }
        String prefix = source == null || source.isEmpty() ? null : source;
        if (prefix != null
                && (prefix.isBlank()
                        || prefix.length() > MAX_SOURCE
                        || WireText.fault(prefix, 4 * MAX_SOURCE) != null)) {
            throw new Fault(
                    "/source",
                    "source must be a CloudEvents source prefix of at most " + MAX_SOURCE
                            + " characters on one line, e.g. odoo/");
        }
        if (reason == null || reason.isBlank()) {
            throw new Fault("/reason", "reason is required: say why, for the people who will see it");
        }
        if (reason.length() > MAX_REASON || WireText.fault(reason, 4 * MAX_REASON) != null) {
            throw new Fault("/reason", "reason must be at most " + MAX_REASON + " characters on one line");
        }
        return new MaintenanceWindow(id, from, to, covered, prefix, reason.strip(), declaredBy, declaredAt);
    }

    private static Instant instant(String pointer, String text) {
        String name = pointer.substring(1);
        if (text == null || text.isBlank()) {
            throw new Fault(
                    pointer, name + " is required: an ISO date-time with offset, e.g. 2026-12-05T18:00:00+01:00");
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new Fault(pointer, name + " must be an ISO date-time with offset, e.g. 2026-12-05T18:00:00+01:00");
        }
    }
}
