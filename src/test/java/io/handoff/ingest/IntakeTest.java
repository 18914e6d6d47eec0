package io.handoff.ingest;

import static io.handoff.testing.Events.approved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.handoff.correlate.FlowBounds;
import io.handoff.engine.EngineLoop;
import io.handoff.event.BusinessEvent;
import io.handoff.store.Store;
import io.handoff.store.memory.MemoryStore;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A duplicate of an event still being stored waits for the original and answers as it does. */
class IntakeTest {
    private final CompletableFuture<Void> storing = new CompletableFuture<>();
    private final EngineLoop engine = io.handoff.testing.EngineLoops.started();
    private final Intake intake = new Intake(
            engine,
            heldStore(),
            new RecentEvents(1000),
            IngestObserver.NONE,
            1,
            Duration.ofSeconds(5),
            null,
            FlowBounds.NONE);
    private final ExecutorService clients = Executors.newFixedThreadPool(2);
    private final BusinessEvent event = approved("4711", "2026-11-23T09:00:00Z");

    /** The in-memory store, except that the first append completes only when the test says. */
    @SuppressWarnings("unchecked")
    private Store heldStore() {
        MemoryStore memory = new MemoryStore(1000);
        CompletableFuture<Boolean> first = new CompletableFuture<>();
        return (Store) Proxy.newProxyInstance(
                Store.class.getClassLoader(), new Class<?>[] {Store.class}, (proxy, method, args) -> {
                    if (method.getName().equals("append") && first.complete(true)) {
                        memory.append((List<BusinessEvent>) args[0]);
                        return (CompletionStage<Void>) storing;
                    }
                    return method.invoke(memory, args);
                });
    }

    @AfterEach
    void stop() {
        clients.shutdownNow();
        engine.close();
    }

    @Test
    void aDuplicateOfAnEventThatFailsToBeStoredIsNotToldItIsKept() throws Exception {
        Intake.Admission original = intake.admit("esb", List.of(Candidate.of(event)));
        Future<List<Verdict>> retry = clients.submit(() -> intake.submit("esb", List.of(Candidate.of(event))));
        assertThatThrownBy(() -> retry.get(300, TimeUnit.MILLISECONDS))
                .as("the retry waits for the original")
                .isInstanceOf(TimeoutException.class);

        storing.completeExceptionally(new IllegalStateException("Elasticsearch said no"));

        assertThatThrownBy(original::await).isInstanceOf(StorageUnavailableException.class);
        assertThatThrownBy(retry::get).hasCauseInstanceOf(StorageUnavailableException.class);
        assertThat(intake.submit("esb", List.of(Candidate.of(event))).get(0).status())
                .as("a later retry is new again")
                .isEqualTo(Verdict.Status.ACCEPTED);
    }

    @Test
    void aDuplicateOfAnEventThatIsStoredAnswersDuplicateOnceItIs() throws Exception {
        Intake.Admission original = intake.admit("esb", List.of(Candidate.of(event)));
        Future<List<Verdict>> retry = clients.submit(() -> intake.submit("esb", List.of(Candidate.of(event))));
        assertThatThrownBy(() -> retry.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

        storing.complete(null);

        assertThat(original.await().get(0).status()).isEqualTo(Verdict.Status.ACCEPTED);
        assertThat(retry.get(5, TimeUnit.SECONDS).get(0).status()).isEqualTo(Verdict.Status.DUPLICATE);
    }
}
