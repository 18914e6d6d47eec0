package io.handoff.store.elastic;

import io.handoff.store.Store;
import io.handoff.store.StoreContract;
import io.handoff.testing.ElasticsearchServer;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;

/** The storage contract against a real Elasticsearch; each test gets its own index prefix. */
class ElasticStoreContractIT extends StoreContract {
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    @Override
    protected Store freshStore() {
        String prefix = "contract" + PREFIXES.incrementAndGet() + "-" + System.nanoTime() % 100000;
        return ElasticStore.open(ElasticTestConfig.of(ElasticsearchServer.shared().url(), prefix), io.handoff.store.StoreObserver.NONE, InstantSource.system());
    }
}
