package io.handoff.ingest.kafka;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates the topics Handoff needs before the consumer subscribes (a topic auto-created by a subscription
 * would get the broker's default of one partition): the events topic with the broker's defaults, the
 * repartition topic with as many partitions as the events topic (the most instances that can share the
 * work), the dead-letter topic. Existing topics are left as they are.
 */
@ApplicationScoped
public class KafkaTopics {
    private static final Logger LOG = Logger.getLogger(KafkaTopics.class);

    void onStart(
            @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start,
            KafkaConfig config,
            KafkaClients clients) {
        if (!config.enabled()) {
            return;
        }
        LOG.infof("Kafka at %s with %s", config.bootstrapServers(), clients.describe());
        try (Admin admin = Admin.create(clients.properties(config.bootstrapServers(), "handoff-topics"))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            create(admin, existing, config.topic(), Optional.empty());
            Map<String, TopicDescription> events = admin.describeTopics(List.of(config.topic()))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            int partitions = events.get(config.topic()).partitions().size();
            create(admin, existing, config.repartitionTopic(), Optional.of(partitions));
            create(admin, existing, config.deadLetterTopic(), Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The consumer retries on its own; say what could not be checked.
            LOG.warnf(
                    "could not check or create the Kafka topics at %s (%s); a topic created by the broker on first use gets its default "
                            + "partition count",
                    config.bootstrapServers(), e.toString());
        }
    }

    private static void create(Admin admin, Set<String> existing, String topic, Optional<Integer> partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (existing.contains(topic)) {
            return;
        }
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, Optional.empty())))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            LOG.infof(
                    "Kafka topic %s created%s",
                    topic, partitions.map(p -> " with " + p + " partitions").orElse(""));
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
