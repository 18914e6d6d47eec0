package io.handoff.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.store.Store;
import io.handoff.store.StoreContract;
import io.handoff.testing.ElasticsearchServer;
import io.handoff.store.StoreObserver;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import java.util.concurrent.atomic.AtomicInteger;

/** The storage contract against a real Elasticsearch; each test gets its own index prefix. */
class ElasticStoreContractIT extends StoreContract {
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private String prefix;

    @Override
    protected Store freshStore() {
        prefix = "contract" + PREFIXES.incrementAndGet() + "-" + System.nanoTime() % 100000;
        return open(prefix);
    }

    private static Store open(String prefix) {
        return ElasticStore.open(ElasticTestConfig.of(ElasticsearchServer.shared().url(), prefix), StoreObserver.NONE, InstantSource.system());
    }

    @Test
    void aClaimedNoticeStaysClaimedAfterARestart() {
        Instant at = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(store.claimNotice("exception:x", at)).isTrue();
        store.close();

        store = open(prefix);

        assertThat(store.claimNotice("exception:x", at)).isFalse();
    }
}
