package io.handoff.reconcile;

import io.handoff.record.Page;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Where reconciliation exceptions are kept: written asynchronously, the newest version of each winning. */
public interface ExceptionStore {
    /** Writes these exception documents; an older version never overwrites a newer one. */
    void saveExceptions(List<ExceptionRecord> exceptions);

    Optional<ExceptionRecord> exception(String id);

    Page<ExceptionRecord> searchExceptions(ExceptionQuery query);

    /** Calls {@code each} with the open exceptions, page after page, until it returns false or none are left. */
    default void eachOpenException(Predicate<ExceptionRecord> each) {
        eachWithStatus(ExceptionStatus.OPEN, each);
    }

    /**
     * Calls {@code each} with the exceptions not resolved yet (open, then acknowledged), page after page, until it
     * returns false or none are left: what the ledger counts as open and its detectors may still resolve.
     */
    default void eachUnresolvedException(Predicate<ExceptionRecord> each) {
        if (eachWithStatus(ExceptionStatus.OPEN, each)) {
            eachWithStatus(ExceptionStatus.ACKNOWLEDGED, each);
        }
    }

    /** @return false when {@code each} said to stop */
    private boolean eachWithStatus(ExceptionStatus status, Predicate<ExceptionRecord> each) {
        String after = null;
        do {
            Page<ExceptionRecord> page =
                    searchExceptions(new ExceptionQuery(null, status, null, null, null, 500, after));
            for (ExceptionRecord exception : page.items()) {
                if (!each.test(exception)) {
                    return false;
                }
            }
            after = page.next();
        } while (after != null);
        return true;
    }
}
