package io.handoff.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.event.BusinessEvent;
import org.junit.jupiter.api.Test;

class RecentEventsTest {
    private static BusinessEvent.Identity id(int i) {
        return new BusinessEvent.Identity("s", "e" + i);
    }

    @Test
    void aSecondAddIsADuplicateAndTheWindowIsBounded() {
        RecentEvents recent = new RecentEvents(3);
        assertThat(recent.add(id(1))).isTrue();
        assertThat(recent.add(id(1))).isFalse();
        recent.add(id(2));
        recent.add(id(3));
        recent.add(id(4));
        assertThat(recent.size()).isEqualTo(3);
        assertThat(recent.add(id(1))).as("the oldest was forgotten").isTrue();
    }

    @Test
    void aForgottenIdentityIsNewAgain() {
        RecentEvents recent = new RecentEvents(1000);
        java.util.concurrent.CompletableFuture<Void> outcome = new java.util.concurrent.CompletableFuture<>();
        recent.claim(id(1), outcome);
        recent.forget(id(1), outcome);
        assertThat(recent.add(id(1))).isTrue();
    }

    @Test
    void aDuplicateOfAnEventStillBeingKeptGetsTheOriginalsOutcome() {
        RecentEvents recent = new RecentEvents(1000);
        java.util.concurrent.CompletableFuture<Void> original = new java.util.concurrent.CompletableFuture<>();
        assertThat(recent.claim(id(1), original)).isNull();
        java.util.concurrent.CompletableFuture<Void> seen =
                recent.claim(id(1), new java.util.concurrent.CompletableFuture<>());
        assertThat(seen).isSameAs(original);
        recent.forget(id(1), new java.util.concurrent.CompletableFuture<>());
        assertThat(recent.claim(id(1), new java.util.concurrent.CompletableFuture<>()))
                .as("only its own claim forgets it")
                .isSameAs(original);
        recent.forget(id(1), original);
        assertThat(recent.claim(id(1), new java.util.concurrent.CompletableFuture<>()))
                .isNull();
    }
}
