package io.handoff.console;

import io.handoff.sla.WorkingTime;
import io.handoff.store.FlowRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A flow drawn on one time axis, as SVG coordinates: a lane per sending system with its events as marks, a bar per
 * SLA clock from start to stop (or to now while it runs) with its at-risk and due times, and business hours shaded.
 * Computed here so the page needs no JavaScript. Plain Java, no I/O.
 */
public final class FlowPicture {
    public static final int WIDTH = 960;
    static final int LEFT = 170;
    static final int RIGHT = 20;
    static final int ROW = 34;
    static final int TOP = 28;

    public record Mark(double x, double y, String type, String label, String time) {}

    public record Lane(String name, double y) {
        public double labelY() {
            return y + 4;
        }
    }

    public record Bar(
            String sla,
            String state,
            double x,
            double width,
            double y,
            Double atRiskX,
            Double dueX,
            boolean running,
            String label) {
        public double labelY() {
            return y + 14;
        }

        public double barY() {
            return y + 2;
        }

        public double top() {
            return y - 2;
        }

        public double bottom() {
            return y + 24;
        }
    }

    public record Shade(double x, double width) {}

    /** @param anchor SVG text-anchor: the first and last labels lean inwards so they are not cut off */
    public record Tick(double x, String label, String anchor) {}

    public record Picture(
            int width,
            int height,
            double axisY,
            List<Lane> lanes,
            List<Mark> marks,
            List<Bar> bars,
            List<Shade> businessHours,
            List<Tick> ticks) {
        public double axisStart() {
            return LEFT;
        }

        public double axisEnd() {
            return width - RIGHT;
        }

        public double tickY() {
            return axisY + 16;
        }
    }

    private FlowPicture() {}

    /** @param business the calendar whose working hours are shaded; null: none */
    public static Picture of(FlowRecord flow, WorkingTime business, Instant now, ZoneId zone) {
        Instant from = null;
        Instant to = null;
        for (FlowRecord.Step s : flow.timeline()) {
            from = min(from, s.time());
            to = max(to, s.time());
        }
        for (FlowRecord.Clock c : flow.slas()) {
            from = min(from, c.start());
            to = max(to, c.stop() != null ? c.stop() : max(now, c.due()));
            to = max(to, c.due());
        }
        if (from == null) {
            from = now.minus(Duration.ofHours(1));
            to = now;
        }
        Duration span = Duration.between(from, to);
        if (span.compareTo(Duration.ofMinutes(10)) < 0) {
            span = Duration.ofMinutes(10);
        }
        Duration pad = span.dividedBy(20);
        Instant start = from.minus(pad);
        Instant end = from.plus(span).plus(pad);
        Axis axis = new Axis(start, end);

        Map<String, Double> laneY = new LinkedHashMap<>();
        List<Mark> marks = new ArrayList<>();
        for (FlowRecord.Step s : flow.timeline()) {
            String lane = system(s.source());
            double y = laneY.computeIfAbsent(lane, l -> (double) (TOP + laneY.size() * ROW));
            marks.add(new Mark(axis.x(s.time()), y, s.type(), s.type() + " from " + s.source(), text(s.time(), zone)));
        }
        List<Lane> lanes = laneY.entrySet().stream()
                .map(e -> new Lane(e.getKey(), e.getValue()))
                .toList();
        double y = TOP + laneY.size() * ROW + 8;
        List<Bar> bars = new ArrayList<>();
        for (FlowRecord.Clock c : flow.slas()) {
            Instant stop = c.stop() != null ? c.stop() : now;
            double x = axis.x(c.start());
            bars.add(new Bar(
                    c.sla(),
                    c.state(),
                    x,
                    Math.max(2, axis.x(stop) - x),
                    y,
                    c.atRiskAt() == null ? null : axis.x(c.atRiskAt()),
                    c.due() == null ? null : axis.x(c.due()),
                    c.stop() == null,
                    c.sla() + ": " + c.state() + ", started " + text(c.start(), zone)
                            + (c.stop() == null ? ", running" : ", stopped " + text(c.stop(), zone))
                            + (c.due() == null ? "" : ", due " + text(c.due(), zone))));
            y += ROW;
        }
        double axisY = y + 6;
        return new Picture(
                WIDTH,
                (int) axisY + 24,
                axisY,
                lanes,
                marks,
                bars,
                business == null ? List.of() : shades(business, axis),
                ticks(axis, zone));
    }

    /**
     * The system an event came from: a URI source's scheme and host ({@code timetracker://demo}), else its source up
     * to the second slash ({@code odoo/odoo-prod}).
     */
    static String system(String source) {
        if (source == null) {
            return "(unknown)";
        }
        int scheme = source.indexOf("://");
        if (scheme > 0) {
            int end = source.indexOf('/', scheme + 3);
            return end < 0 ? source : source.substring(0, end);
        }
        int first = source.indexOf('/');
        int second = first < 0 ? -1 : source.indexOf('/', first + 1);
        return second < 0 ? source : source.substring(0, second);
    }

    /** Working time sampled in 96 steps or hours, whichever is finer, merged into runs. */
    static List<Shade> shades(WorkingTime business, Axis axis) {
        Duration total = Duration.between(axis.start, axis.end);
        Duration step = total.dividedBy(480);
        if (step.compareTo(Duration.ofMinutes(15)) < 0) {
            step = Duration.ofMinutes(15);
        }
        List<Shade> shades = new ArrayList<>();
        Instant runStart = null;
        for (Instant t = axis.start; t.isBefore(axis.end); t = t.plus(step)) {
            Instant next = t.plus(step).isAfter(axis.end) ? axis.end : t.plus(step);
            boolean working = business.between(t, next)
                            .compareTo(Duration.between(t, next).dividedBy(2))
                    >= 0;
            if (working && runStart == null) {
                runStart = t;
            } else if (!working && runStart != null) {
                shades.add(new Shade(axis.x(runStart), axis.x(t) - axis.x(runStart)));
                runStart = null;
            }
        }
        if (runStart != null) {
            shades.add(new Shade(axis.x(runStart), axis.x(axis.end) - axis.x(runStart)));
        }
        return shades;
    }

    private static List<Tick> ticks(Axis axis, ZoneId zone) {
        List<Tick> ticks = new ArrayList<>();
        Duration total = Duration.between(axis.start, axis.end);
        boolean days = total.compareTo(Duration.ofDays(2)) > 0;
        DateTimeFormatter format =
                DateTimeFormatter.ofPattern(days ? "EEE d MMM" : "d MMM HH:mm").withZone(zone);
        for (int i = 0; i <= 5; i++) {
            Instant t = axis.start.plus(total.multipliedBy(i).dividedBy(5));
            ticks.add(new Tick(axis.x(t), format.format(t), i == 0 ? "start" : i == 5 ? "end" : "middle"));
        }
        return ticks;
    }

    static String text(Instant t, ZoneId zone) {
        return t == null
                ? ""
                : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone).format(t);
    }

    private static Instant min(Instant a, Instant b) {
        return a == null || (b != null && b.isBefore(a)) ? b : a;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null || (b != null && b.isAfter(a)) ? b : a;
    }

    /** Instants to x between {@link #LEFT} and the right margin. */
    record Axis(Instant start, Instant end) {
        double x(Instant t) {
            double total = Duration.between(start, end).toMillis();
            double at = Duration.between(start, t).toMillis();
            double clamped = Math.max(0, Math.min(1, at / total));
            return Math.round((LEFT + clamped * (WIDTH - LEFT - RIGHT)) * 10) / 10.0;
        }
    }
}
