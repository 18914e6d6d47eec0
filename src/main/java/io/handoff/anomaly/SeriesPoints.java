package io.handoff.anomaly;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Turns the service's cumulative meters into one point per interval per scored series: events
 * received per source and the share of middleware messages that failed or were dead-lettered per
 * source; decided clocks breached (ratio), mean latency and p90 latency per SLA; exceptions opened per
 * type. Reads the registry, so it scores exactly what the dashboards show. Not thread-safe: one caller.
 */
final class SeriesPoints {
    /** A scored series: what it measures and of what (an SLA id, a source id, an exception type). */
    record Series(String name, String subject) {}

    private final MeterRegistry registry;
    private final Map<String, Double> previous = new HashMap<>();

    SeriesPoints(MeterRegistry registry) {
        this.registry = registry;
    }

    /** This interval's points; a series with nothing to say this interval (no clock decided) has none. */
    Map<Series, Double> next() {
        Map<String, Double> events = new TreeMap<>();
        Map<String, Double> middlewareFailed = new TreeMap<>();
        Map<String, Double> middlewareSettled = new TreeMap<>();
        for (Counter c :
                registry.find("handoff.ingest.events").tag("result", "accepted").counters()) {
            String source = c.getId().getTag("source");
            String type = c.getId().getTag("type");
            events.merge(source, c.count(), Double::sum);
            boolean failed = "middleware.message.failed".equals(type) || "middleware.message.deadlettered".equals(type);
            if (failed || "middleware.message.delivered".equals(type)) {
                middlewareSettled.merge(source, c.count(), Double::sum);
                if (failed) {
                    middlewareFailed.merge(source, c.count(), Double::sum);
                }
            }
        }
        Map<String, Double> breached = new TreeMap<>();
        Map<String, Double> decided = new TreeMap<>();
        for (Counter c : registry.find("handoff.sla.outcomes").counters()) {
            String sla = c.getId().getTag("sla");
            if ("excluded".equals(c.getId().getTag("outcome"))) {
                continue; // taken out of the count by maintenance
            }
            decided.merge(sla, c.count(), Double::sum);
            if ("breached".equals(c.getId().getTag("outcome"))) {
                breached.merge(sla, c.count(), Double::sum);
            }
        }
        Map<String, Double> latencySum = new TreeMap<>();
        Map<String, Double> latencyCount = new TreeMap<>();
        // Cumulative counts per latency bucket (the SLO buckets), summed over groups, for a per-interval p90.
        Map<String, TreeMap<Double, Double>> latencyBuckets = new TreeMap<>();
        // Latencies of the stops in force: observed minus those taken back when their stop was voided.
        for (String name : new String[] {"handoff.sla.latency", "handoff.sla.latency.voided"}) {
            double sign = name.endsWith("voided") ? -1 : 1;
            for (Timer t : registry.find(name).timers()) {
                String sla = t.getId().getTag("sla");
                latencySum.merge(sla, sign * t.totalTime(TimeUnit.SECONDS), Double::sum);
                latencyCount.merge(sla, sign * t.count(), Double::sum);
                TreeMap<Double, Double> buckets = latencyBuckets.computeIfAbsent(sla, k -> new TreeMap<>());
                for (CountAtBucket bucket : t.takeSnapshot().histogramCounts()) {
                    buckets.merge(bucket.bucket(TimeUnit.SECONDS), sign * bucket.count(), Double::sum);
                }
            }
        }
        Map<String, Double> opened = new TreeMap<>();
        for (Counter c : registry.find("handoff.exceptions.opened").counters()) {
            opened.merge(c.getId().getTag("type"), c.count(), Double::sum);
        }

        Map<Series, Double> points = new HashMap<>();
        events.forEach(
                (source, total) -> points.put(new Series("source_events", source), delta("events/" + source, total)));
        opened.forEach(
                (type, total) -> points.put(new Series("exceptions_opened", type), delta("opened/" + type, total)));
        for (String sla : decided.keySet()) {
            double decidedNow = delta("decided/" + sla, decided.get(sla));
            double breachedNow = delta("breached/" + sla, breached.getOrDefault(sla, 0.0));
            if (decidedNow > 0) {
                points.put(new Series("sla_breach_ratio", sla), breachedNow / decidedNow);
            }
        }
        for (String sla : latencyCount.keySet()) {
            double count = delta("latency-count/" + sla, latencyCount.get(sla));
            double sum = delta("latency-sum/" + sla, latencySum.get(sla));
            if (count > 0) {
                points.put(new Series("sla_latency_mean", sla), sum / count);
            }
        }
        for (String source : middlewareSettled.keySet()) {
            double settled = delta("mw-settled/" + source, middlewareSettled.get(source));
            double failed = delta("mw-failed/" + source, middlewareFailed.getOrDefault(source, 0.0));
            if (settled > 0) {
                points.put(new Series("middleware_failure_ratio", source), failed / settled);
            }
        }
        latencyBuckets.forEach((sla, buckets) -> p90(sla, buckets, latencyCount.get(sla))
                .ifPresent(p90 -> points.put(new Series("sla_latency_p90", sla), p90)));
        return points;
    }

    /**
     * The smallest bucket bound under which 90 % of this interval's stopped clocks fall (the largest bound
     * when more than 10 % fall beyond it: a lower bound, as the histogram tells no more); empty when none stopped.
     */
    private java.util.Optional<Double> p90(String sla, TreeMap<Double, Double> cumulative, double stopped) {
        double inInterval = delta("p90-count/" + sla, stopped);
        Double answer = null;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            double below = delta("p90/" + sla + "/" + bucket.getKey(), bucket.getValue());
            if (answer == null && inInterval > 0 && below >= 0.9 * inInterval) {
                answer = bucket.getKey(); // keep going: every bucket's delta must advance
            }
        }
        if (inInterval <= 0 || cumulative.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(answer != null ? answer : cumulative.lastKey());
    }

    private double delta(String key, double total) {
        Double before = previous.put(key, total);
        return before == null ? total : Math.max(0, total - before);
    }
}
