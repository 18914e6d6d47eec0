package io.handoff.console;

import io.handoff.web.Caller;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Console sign-ins: a random session token (the cookie) per signed-in person, with a CSRF token of its own that
 * every form must carry back. Held in memory, so a restart signs everyone out; bounded, the longest idle signed
 * out first; expires after {@code idle} without use. Thread-safe.
 */
public final class Sessions {
    /**
     * One signed-in person. {@code csrf} goes into every form; the session token itself never leaves the cookie.
     *
     * @param practices the practices (exception groups) this person acts for; empty: all of them. They read every one.
     */
    public record Session(Caller caller, String csrf, java.util.Set<String> practices) {
        public Session {
            practices = java.util.Set.copyOf(practices);
        }

        /** Whether this person may act on an exception of {@code practice}. */
        public boolean actsFor(String practice) {
            return practices.isEmpty() || practices.contains(practice);
        }
    }

    private record Held(Session session, Instant lastSeen) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Duration idle;
    private final Map<String, Held> held;

    public Sessions(Duration idle, int maxSessions) {
        this.idle = idle;
        this.held = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Held> eldest) {
                return size() > maxSessions;
            }
        };
    }

    /** Signs {@code caller} in: the token to set as the session cookie. */
    public synchronized String signIn(Caller caller, Instant now) {
        return signIn(caller, java.util.Set.of(), now);
    }

    /** Signs in someone who acts for {@code practices} only (empty: all). */
    public synchronized String signIn(Caller caller, java.util.Set<String> practices, Instant now) {
        String token = token();
        held.put(token, new Held(new Session(caller, token(), practices), now));
        return token;
    }

    /** The session of a cookie's token, extended to {@code now}; empty when unknown or idle too long. */
    public synchronized Optional<Session> session(String token, Instant now) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        Held h = held.get(token);
        if (h == null) {
            return Optional.empty();
        }
        if (h.lastSeen.plus(idle).isBefore(now)) {
            held.remove(token);
            return Optional.empty();
        }
        held.put(token, new Held(h.session, now));
        return Optional.of(h.session);
    }

    public synchronized void signOut(String token) {
        if (token != null) {
            held.remove(token);
        }
    }

    public synchronized int size() {
        return held.size();
    }

    /** Whether a form's token is the session's, compared in constant time. */
    public static boolean csrfMatches(Session session, String presented) {
        return tokensMatch(session.csrf(), presented);
    }

    /** Whether two tokens are equal, compared in constant time; false when either is missing. */
    public static boolean tokensMatch(String expected, String presented) {
        return expected != null
                && presented != null
                && MessageDigest.isEqual(
                        expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        presented.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** 256 random bits, URL-safe. */
    public static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
