package io.handoff.scaleout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * Replaces a Kafka Streams thread that failed, and takes the failed thread's static member out of the group at once.
 * Kafka Streams names a thread's member {@code <group.instance.id>-<thread index>} and gives the replacement a new
 * index (never the dying thread's), and a static member does not leave its group when its consumer closes: without
 * the removal, the failed thread's partitions would wait out {@code session.timeout.ms} (45 s by default) before
 * any thread took them.
 */
final class StreamThreadReplacement implements StreamsUncaughtExceptionHandler {
    private static final Logger LOG = Logger.getLogger(StreamThreadReplacement.class);
    private static final String THREAD = "-StreamThread-";
    private static final Duration REMOVAL_WAIT = Duration.ofSeconds(5);

    private final Supplier<Admin> admin;
    private final String group;
    /** The configured {@code group.instance.id}; null without static membership (a failed member then leaves). */
    private final String instanceId;

    StreamThreadReplacement(Supplier<Admin> admin, String group, String instanceId) {
        this.admin = admin;
        this.group = group;
        this.instanceId = instanceId;
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable failure) {
        LOG.errorf(
                failure, "a Kafka Streams thread failed; it is replaced and its partitions restored from their stores");
        // On the failed thread itself: Kafka Streams calls the handler there.
        String member = memberOf(Thread.currentThread().getName());
        if (member != null) {
            remove(member);
        }
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** The static member of the stream thread named {@code threadName}; null when none or not a stream thread. */
    String memberOf(String threadName) {
        int at = threadName.lastIndexOf(THREAD);
        if (instanceId == null || at < 0) {
            return null;
        }
        String index = threadName.substring(at + THREAD.length());
        return index.matches("[0-9]+") ? instanceId + "-" + index : null;
    }

    private void remove(String member) {
        // The replacement starts once this returns: the removal gets a few seconds, the client's close one more.
        Admin client = admin.get();
        try {
            RemoveMembersFromConsumerGroupOptions options =
                    new RemoveMembersFromConsumerGroupOptions(List.of(new MemberToRemove(member)));
            options.timeoutMs((int) REMOVAL_WAIT.toMillis());
            client.removeMembersFromConsumerGroup(group, options)
                    .all()
                    .get(REMOVAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof(
                    "static member %s of group %s removed: its partitions move to the replacement thread now",
                    member, group);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warnf("static member %s of group %s not removed (interrupted)", member, group);
        } catch (Exception e) {
            LOG.warnf(
                    "static member %s of group %s not removed (%s): its partitions wait out session.timeout.ms",
                    member, group, e.toString());
        } finally {
            client.close(Duration.ofSeconds(1));
        }
    }
}
