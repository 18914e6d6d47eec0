package io.handoff.store.elastic;

import io.handoff.event.BusinessEvent;
import io.handoff.store.FlowRecord;
import io.handoff.store.StoreObserver;
import io.handoff.testing.ElasticsearchServer;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Exploration: what one event document and one flow document cost Elasticsearch through the writer. */
public final class WriteCostProbe {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        ElasticsearchServer es = ElasticsearchServer.shared();
        try (ElasticStore store = ElasticStore.open(ElasticTestConfig.of(es.url(), "probe"), StoreObserver.NONE, InstantSource.system())) {
            List<BusinessEvent> warm = ElasticWriterIT.events("warm", n);
            for (int i = 0; i < n; i += 1000) {
                store.append(warm.subList(i, Math.min(n, i + 1000)));
            }
            store.flush();
            List<BusinessEvent> events = ElasticWriterIT.events("probe", n);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i += 1000) {
                store.append(events.subList(i, Math.min(n, i + 1000)));
            }
            store.flush();
            double ev = (System.nanoTime() - t0) / 1e9;
            List<FlowRecord> flows = new ArrayList<>();
            Instant t = Instant.parse("2026-11-23T09:00:00Z");
            for (int i = 0; i < n; i++) {
                flows.add(new FlowRecord("account.analytic.line/" + i, "subject", "client-1", "212", "p1", 7.5, 900.0, Map.of("invoice", "account.move/" + i % 500),
                        List.of(), List.of(), 2, t, t.plusSeconds(20),
                        List.of(new FlowRecord.Step(t, t, "timesheet.approved", "timetracker://bench", "id-" + i, null, null, 7.5, 900.0),
                                new FlowRecord.Step(t.plusSeconds(20), t, "timesheet.invoiced", "timetracker://bench", "id2-" + i, null, "account.move/1", null, null)),
                        List.of(new FlowRecord.Clock("approved-to-invoice", "met", t, t.plusSeconds(100), t.plusSeconds(200), t.plusSeconds(20), 20)),
                        false, t.plusSeconds(21), 1000 + i));
            }
            for (int round = 0; round < 2; round++) {
            List<FlowRecord> batch = round == 0 ? flows.stream().map(f -> new FlowRecord("warm/" + f.key(), f.anchor(), f.client(), f.project(), f.group(),
                    f.hours(), f.amount(), f.links(), f.linkedFrom(), f.correlationIds(), f.eventCount(), f.firstEventAt(), f.lastEventAt(), f.timeline(),
                    f.slas(), f.open(), f.updatedAt(), f.version())).toList() : flows;
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i += 1000) {
                while (store.room() < 1000) {
                    Thread.sleep(5);
                }
                store.saveFlows(batch.subList(i, Math.min(n, i + 1000)));
            }
            store.flush();
            double fl = (System.nanoTime() - t1) / 1e9;
            System.out.printf("events: %.0f/s, flows (round %d): %.0f/s%n", n / ev, round, n / fl);
            }
        }
        System.exit(0);
    }
}
