package io.handoff.store.memory;

import io.handoff.store.Store;
import io.handoff.store.StoreContract;

class MemoryStoreContractTest extends StoreContract {
    @Override
    protected Store freshStore() {
        return new MemoryStore(1000);
    }
}
