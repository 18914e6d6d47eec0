package io.handoff.metrics;

import io.handoff.ingest.kafka.KafkaObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

/**
 * Records consumed from Kafka by outcome. Lag, fetch rates and rebalances come from the Kafka client's own
 * meters. Started eagerly: the collector bean may only be made for the first record, and the counters must
 * exist (at 0) before it, for rates and alerts.
 */
@Startup
@Singleton
public class KafkaMetrics implements KafkaObserver {
    private final MeterCache<Counter> records;

    public KafkaMetrics(MeterRegistry registry) {
        records = new MeterCache<>(l -> Counter.builder("handoff.kafka.records")
                .description("Records consumed from the events topic by outcome: accepted, duplicate, dead-lettered (not an event; kept on the dead-letter topic)")
                .tags("result", l[0])
                .register(registry));
        for (String result : new String[] {"accepted", "duplicate", "dead-lettered"}) {
            records.get(result);
        }
    }

    @Override
    public void record(String result) {
        records.get(result).increment();
    }
}
