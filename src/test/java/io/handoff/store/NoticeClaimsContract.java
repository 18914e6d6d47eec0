package io.handoff.store;

import static io.handoff.testing.Events.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What every store must do with notice claims ({@link io.handoff.notify.NoticeClaims}). Run against every adapter through {@link StoreContract}: the
 * store is fresh and empty in each test, and {@code flush()} makes what was handed over visible.
 */
public interface NoticeClaimsContract {
    Store store();

    @Test
    default void aNoticeIdIsClaimedOnceEver() {
        Instant at = Instant.parse("2026-11-23T10:00:00Z");

        assertThat(store().claimNotice("sla-breach:approved-to-invoice:account.analytic.line/1", at))
                .isTrue();
        assertThat(store().claimNotice("sla-breach:approved-to-invoice:account.analytic.line/1", at.plusSeconds(60)))
                .isFalse();
        assertThat(store().claimNotice("sla-breach:approved-to-invoice:account.analytic.line/2", at))
                .isTrue();
    }
}
