package io.handoff.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;

/** The web console at {@code /console}: {@code handoff.console.*}. */
@ConfigMapping(prefix = "handoff.console")
public interface ConsoleConfig {
    /** Serve the console; when false, {@code /console} answers 404. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The zone times are shown in, and a snooze given as a date ends in (08:00 that day). The firm's zone, usually
     * the business-hours calendar's.
     */
    @WithDefault("UTC")
    ZoneId zone();

    /** How long a sign-in lasts without use; each page view extends it. */
    @WithDefault("8h")
    Duration sessionIdle();

    /** Signed-in sessions held at most; beyond, the one idle longest is signed out. */
    @WithDefault("10000")
    int maxSessions();

    /** Single sign-on through the OpenID Connect provider configured under {@code quarkus.oidc.*}. */
    Sso sso();

    interface Sso {
        /**
         * Offer "Sign in with single sign-on" (authorization code flow). Also set {@code quarkus.oidc.auth-server-url},
         * {@code client-id} and {@code credentials.secret}; keys keep working beside it.
         */
        @WithDefault("false")
        boolean enabled();

        /** Where the roles are, as a dotted path into the ID token (else the access token): Keycloak's realm roles. */
        @WithDefault("realm_access.roles")
        String roleClaim();

        /** Roles that make a person an operator (may act on exceptions). */
        @WithDefault("handoff-operator")
        java.util.List<String> operatorRoles();

        /** Roles that make a person a reader; a person with neither is refused. */
        @WithDefault("handoff-reader")
        java.util.List<String> readerRoles();

        /**
         * A claim listing the practices (exception groups) a person acts for: they act on those and read the rest.
         * Absent (or the claim missing from the token): they act on all.
         */
        java.util.Optional<String> practicesClaim();

        /** The claim that names the person in the history of what they did. */
        @WithDefault("preferred_username")
        String nameClaim();
    }

    /**
     * The flow page's link to the flow's trace in a tracing UI, {@code {traceId}} replaced by the trace id (shown
     * when {@code handoff.traces.enabled}): e.g. {@code http://localhost:16686/trace/{traceId}} for Jaeger.
     */
    java.util.Optional<String> traceLink();

    /**
     * With Kafka: the name of an access key of role reader ({@code handoff.access.keys.<name>}) the SLA page asks
     * the group's other instances with, so it shows the group's open clocks and likely breaches, not only this
     * instance's partitions'. Unset: the page shows this instance's part and says so.
     */
    java.util.Optional<String> groupKey();

    /** Open exceptions the inbox ranks at most (the rest are counted, and reachable through filters). */
    @WithDefault("2000")
    int inboxLimit();
}
