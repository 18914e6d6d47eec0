package io.handoff.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The contract of every port a store implements, run against one adapter through a subclass that supplies a fresh,
 * empty store per test.
 */
public abstract class StoreContract
        implements EventStoreContract,
                FlowStoreContract,
                ExceptionStoreContract,
                NoticeClaimsContract,
                DecisionStoreContract {
    protected Store store;

    protected abstract Store freshStore();

    @Override
    public Store store() {
        return store;
    }

    @BeforeEach
    void open() {
        store = freshStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }
}
