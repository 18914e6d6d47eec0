package io.handoff.store;

/** The store's write buffer has no room: nothing of the request was taken; retry later. */
public class StoreFullException extends RuntimeException {
    public StoreFullException(String message) {
        super(message);
    }
}
