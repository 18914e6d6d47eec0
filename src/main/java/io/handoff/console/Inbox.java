package io.handoff.console;

import io.handoff.reconcile.ExceptionRecord;
import io.handoff.reconcile.ExceptionStatus;
import io.handoff.reconcile.ExceptionWording;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The delivery lead's work list: unresolved exceptions that pass the filter, ranked by business impact, and how many
 * there are under each value of each filter (so a lead sees where the work is before narrowing). Snoozed exceptions
 * stay out until they wake, unless the filter asks for them. Plain Java, no I/O.
 */
public final class Inbox {
    /** What the lead narrowed to; null or blank fields do not narrow. {@code snoozed}: show the snoozed ones instead. */
    public record Filter(
            String group, String client, String project, String type, String status, String assignee, boolean snoozed) {
        public static final Filter ALL = new Filter(null, null, null, null, null, null, false);

        boolean admits(ExceptionRecord e, Instant now) {
            return same(group, e.group())
                    && same(client, e.client())
                    && same(project, e.project())
                    && same(type, e.type())
                    && same(status, e.status().label())
                    && same(assignee, e.assignee() == null ? NOBODY : e.assignee())
                    && snoozed == isSnoozed(e, now);
        }

        private static boolean same(String wanted, String value) {
            return wanted == null || wanted.isBlank() || wanted.equals(value);
        }
    }

    /** How the inbox names "assigned to nobody" in its filter. */
    public static final String NOBODY = "(nobody)";

    /** One row: the exception, its impact score, and the sentence that says what is wrong and what to do. */
    public record Row(ExceptionRecord exception, double impact, String sentence) {}

    /** A value of a filter and how many unresolved exceptions carry it. */
    public record Count(String value, long count) {}

    public record View(List<Row> rows, long shown, Map<String, List<Count>> counts, long snoozed) {}

    private Inbox() {}

    /**
     * Ranks {@code unresolved} (open and acknowledged) exceptions: critical before warning before info, then by impact —
     * what is at stake (money, else hours at a nominal rate, else 1) times how long it has been open, in days
     * (at least one hour's worth, so a fresh large problem is not ranked below an old trivial one).
     */
    public static View of(List<ExceptionRecord> unresolved, Filter filter, Instant now, int limit) {
        List<Row> rows = new ArrayList<>();
        long snoozed = 0;
        for (ExceptionRecord e : unresolved) {
            if (e.status() == ExceptionStatus.RESOLVED) {
                continue;
            }
            if (isSnoozed(e, now)) {
                snoozed++;
            }
            if (filter.admits(e, now)) {
                rows.add(new Row(e, impact(e, now), ExceptionWording.sentence(e)));
            }
        }
        rows.sort(Comparator.comparing((Row r) -> r.exception().severity(), Comparator.reverseOrder())
                .thenComparing(Comparator.comparingDouble(Row::impact).reversed())
                .thenComparing(r -> r.exception().openedAt())
                .thenComparing(r -> r.exception().id()));
        long shown = rows.size();
        Map<String, List<Count>> counts = new TreeMap<>();
        counts.put("group", counts(unresolved, now, ExceptionRecord::group));
        counts.put("client", counts(unresolved, now, ExceptionRecord::client));
        counts.put("project", counts(unresolved, now, ExceptionRecord::project));
        counts.put("type", counts(unresolved, now, ExceptionRecord::type));
        counts.put("status", counts(unresolved, now, e -> e.status().label()));
        counts.put("assignee", counts(unresolved, now, e -> e.assignee() == null ? NOBODY : e.assignee()));
        return new View(List.copyOf(rows.subList(0, Math.min(rows.size(), limit))), shown, counts, snoozed);
    }

    /** Hours stand for money at this rate when an exception carries hours but no amount. */
    static final double NOMINAL_RATE = 100.0;

    static double impact(ExceptionRecord e, Instant now) {
        double stake = e.amount() != null && e.amount() > 0
                ? e.amount()
                : e.hours() != null && e.hours() > 0 ? e.hours() * NOMINAL_RATE : 1.0;
        double days = Math.max(Duration.between(e.openedAt(), now).toMinutes(), 60) / (24.0 * 60);
        return stake * days;
    }

    static boolean isSnoozed(ExceptionRecord e, Instant now) {
        return e.snoozedUntil() != null && e.snoozedUntil().isAfter(now);
    }

    private static List<Count> counts(
            List<ExceptionRecord> unresolved, Instant now, Function<ExceptionRecord, String> field) {
        Map<String, Long> counts = new TreeMap<>();
        for (ExceptionRecord e : unresolved) {
            if (e.status() != ExceptionStatus.RESOLVED && !isSnoozed(e, now)) {
                counts.merge(Objects.requireNonNullElse(field.apply(e), "(none)"), 1L, Long::sum);
            }
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(50)
                .map(c -> new Count(c.getKey(), c.getValue()))
                .toList();
    }
}
