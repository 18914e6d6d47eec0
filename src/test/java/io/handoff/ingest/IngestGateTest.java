package io.handoff.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IngestGateTest {
    @Test
    void aRequestWaitsWhileTheBacklogIsAboveTheLimitAndIsAdmittedWhenItDrains() {
        AtomicInteger backlog = new AtomicInteger(5000);
        IngestGate gate = new IngestGate(1, backlog::get, 2000, 10_000, 1);
        CompletableFuture<String> request = CompletableFuture.supplyAsync(() -> gate.through(() -> "admitted"));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> !request.isDone());
        backlog.set(1500);
        assertThat(request.join()).isEqualTo("admitted");
    }

    @Test
    void aRequestThatCannotGetInInTimeIsRefusedLikeAFullBuffer() {
        IngestGate gate = new IngestGate(1, () -> 10_000, 2000, 100, 3);
        assertThatThrownBy(() -> gate.through(() -> "never"))
                .isInstanceOfSatisfying(
                        BufferFullException.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(3));
    }

    @Test
    void atMostThePermittedNumberOfRequestsIsInsideAtOnce() throws Exception {
        IngestGate gate = new IngestGate(2, () -> 0, 2000, 10_000, 1);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(6);
        for (int i = 0; i < 6; i++) {
            new Thread(() -> {
                        gate.through(() -> {
                            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            try {
                                release.await(); // held inside until the test has looked
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return inside.decrementAndGet();
                        });
                        done.countDown();
                    })
                    .start();
        }
        // Two get in; the other four wait at the gate for as long as the two are held.
        await().atMost(Duration.ofSeconds(5)).until(() -> inside.get() == 2);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> inside.get() == 2);
        release.countDown();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void zeroPermitsMeansOneLessThanTheCoresButAtLeastOne() {
        assertThat(IngestGate.permits(0))
                .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
        assertThat(IngestGate.permits(3)).isEqualTo(3);
    }
}
