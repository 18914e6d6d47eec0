package io.handoff.notify;

import java.time.Instant;

/** Which notices were sent: each notice id claimed once, ever, so no notice goes out twice. */
public interface NoticeClaims {
    /**
     * Claims a notice id once, ever: true for the first claim, false for every later one (also after a
     * restart, where the store is durable). Synchronous; for notifiers, never on the ingest path.
     */
    boolean claimNotice(String noticeId, Instant at);
}
