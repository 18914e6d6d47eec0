package io.handoff.ingest.kafka;

import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Consumer lag per partition of both topics, as a lag exporter measures it: the partition's end offset
 * minus the group's committed offset (all of the partition when nothing is committed yet). Bounded by the
 * topics' partition counts.
 */
@ApplicationScoped
public class KafkaLag {
    private static final Logger LOG = Logger.getLogger(KafkaLag.class);

    private final KafkaConfig config;
    private final KafkaObserver observer;
    private Admin admin;
    private String lastProblem;

    private final KafkaClients clients;

    public KafkaLag(KafkaConfig config, KafkaObserver observer, KafkaClients clients) {
        this.clients = clients;
        this.config = config;
        this.observer = observer;
    }

    @Scheduled(
            every = "15s",
            delay = 5,
            delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void measure() {
        if (!config.enabled()) {
            return;
        }
        try {
            Admin a = admin();
            List<String> topics = List.of(config.topic(), config.repartitionTopic());
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription topic : a.describeTopics(topics)
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .values()) {
                topic.partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    a.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            // The events topic is read by the collector's group, the repartition topic by the Kafka Streams application
            // and by the store sink (whose lag is a series of its own).
            Map<TopicPartition, OffsetAndMetadata> committed = committed(a, config.groupId());
            committed.putAll(only(committed(a, config.streams().applicationId()), config.repartitionTopic()));
            Map<TopicPartition, OffsetAndMetadata> sunk =
                    committed(a, config.streams().sinkGroupId());
            ends.forEach((tp, end) -> {
                long offset = end.offset();
                observer.lag(tp.topic(), tp.partition(), behind(offset, committed.get(tp)));
                if (tp.topic().equals(config.repartitionTopic())) {
                    observer.sinkLag(tp.partition(), behind(offset, sunk.get(tp)));
                }
            });
            lastProblem = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            String problem = e.getClass().getSimpleName();
            if (!problem.equals(lastProblem)) {
                LOG.warnf("Kafka consumer lag not measured (%s); the lag series keep their last values", e.toString());
                lastProblem = problem;
            }
        }
    }

    /** Records a group has yet to read: all of the partition when it has committed nothing. */
    private static long behind(long end, OffsetAndMetadata committed) {
        return Math.max(0, end - (committed == null ? 0 : committed.offset()));
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group) throws Exception {
        return new HashMap<>(admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS));
    }

    private static Map<TopicPartition, OffsetAndMetadata> only(
            Map<TopicPartition, OffsetAndMetadata> offsets, String topic) {
        Map<TopicPartition, OffsetAndMetadata> kept = new HashMap<>();
        offsets.forEach((tp, offset) -> {
            if (tp.topic().equals(topic)) {
                kept.put(tp, offset);
            }
        });
        return kept;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(clients.properties(config.bootstrapServers(), "handoff-lag"));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(5));
        }
    }
}
