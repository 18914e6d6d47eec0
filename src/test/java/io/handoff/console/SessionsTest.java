package io.handoff.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.web.Caller;
import io.handoff.web.Role;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private static final Instant T = Instant.parse("2026-11-30T09:00:00Z");
    private static final Caller OPS = new Caller("ops", Role.OPERATOR, null);

    @Test
    void aSessionLastsWhileUsedAndEndsAfterItsIdleTimeOrSignOut() {
        Sessions sessions = new Sessions(Duration.ofHours(1), 10);
        String token = sessions.signIn(OPS, T);

        assertThat(sessions.session(token, T.plusSeconds(3500)))
                .map(s -> s.caller().name())
                .contains("ops");
        assertThat(sessions.session(token, T.plusSeconds(7000)))
                .as("used at 3500 s, so alive until 7100 s")
                .isPresent();
        assertThat(sessions.session(token, T.plusSeconds(7000 + 3601))).isEmpty();
        assertThat(sessions.session(token, T.plusSeconds(7000)))
                .as("gone for good")
                .isEmpty();

        String again = sessions.signIn(OPS, T);
        sessions.signOut(again);
        assertThat(sessions.session(again, T)).isEmpty();
        assertThat(sessions.session(null, T)).isEmpty();
        assertThat(sessions.session("made-up", T)).isEmpty();
    }

    @Test
    void tokensAreUnguessableAndTheCsrfTokenIsNotTheSessionToken() {
        Sessions sessions = new Sessions(Duration.ofHours(1), 10);
        String token = sessions.signIn(OPS, T);
        Sessions.Session session = sessions.session(token, T).orElseThrow();

        assertThat(token).hasSize(43).isNotEqualTo(session.csrf());
        assertThat(Sessions.csrfMatches(session, session.csrf())).isTrue();
        assertThat(Sessions.csrfMatches(session, token)).isFalse();
        assertThat(Sessions.csrfMatches(session, null)).isFalse();
        assertThat(sessions.signIn(OPS, T)).isNotEqualTo(token);
    }

    @Test
    void beyondItsBoundTheSessionIdleLongestIsSignedOut() {
        Sessions sessions = new Sessions(Duration.ofHours(1), 2);
        String a = sessions.signIn(OPS, T);
        String b = sessions.signIn(OPS, T);
        sessions.session(a, T.plusSeconds(1));
        String c = sessions.signIn(OPS, T.plusSeconds(2));

        assertThat(sessions.size()).isEqualTo(2);
        assertThat(sessions.session(b, T.plusSeconds(3))).isEmpty();
        assertThat(sessions.session(a, T.plusSeconds(3))).isPresent();
        assertThat(sessions.session(c, T.plusSeconds(3))).isPresent();
    }

    @Test
    void afterSignInOnlyPathsInsideTheConsoleAreFollowed() {
        assertThat(ConsoleGate.safeThen("/console/exception?id=x")).isEqualTo("/console/exception?id=x");
        assertThat(ConsoleGate.safeThen("https://evil.example/")).isEqualTo("/console");
        assertThat(ConsoleGate.safeThen("//evil.example/console")).isEqualTo("/console");
        assertThat(ConsoleGate.safeThen("/console\\@evil")).isEqualTo("/console");
        assertThat(ConsoleGate.safeThen("/console/\r\nSet-Cookie: x")).isEqualTo("/console");
        assertThat(ConsoleGate.safeThen(null)).isEqualTo("/console");
    }
}
