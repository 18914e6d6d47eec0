package io.handoff.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** E-mail notices to delivery leads: {@code handoff.notify.*} (the SMTP server is {@code quarkus.mailer.*}). */
@ConfigMapping(prefix = "handoff.notify")
public interface NotifyConfig {
    /** Send notices at all. */
    @WithDefault("false")
    boolean enabled();

    /** Sender address of the notices. */
    @WithDefault("handoff@localhost")
    String from();

    /** Lowest severity that sends a notice: info, warning or critical. */
    @WithDefault("warning")
    String minSeverity();

    Links links();

    /** Longest pause between two attempts to send a notice while the mail server fails. */
    @WithDefault("5m")
    Duration maxBackoff();

    /**
     * How long the first notice for a recipient group waits for others to go out with it in one e-mail (most at
     * stake first). Each exception is still notified once, ever.
     */
    @WithDefault("2m")
    Duration groupWait();

    /** E-mails per recipient group and hour at most (escalations included); further notices wait and go out together. */
    @WithDefault("12")
    int maxPerHour();

    /** Notices waiting (held in quiet hours or being retried) at most; beyond, new ones are dropped and counted. */
    @WithDefault("10000")
    int maxPending();

    /** Recipient groups by name. */
    Map<String, Recipients> recipients();

    /** Where the links in a notice point. */
    interface Links {
        /** Grafana's base URL (the Revenue leakage dashboard is linked). */
        @WithDefault("http://localhost:3000")
        String grafana();

        /** Handoff's API base URL. */
        @WithDefault("http://localhost:8080")
        String api();

        /** The console's public base URL: notices link to the exception, its flow and the inbox there. */
        @WithDefault("http://localhost:8080/console")
        String console();
    }

    /** A recipient group: who, for which exceptions, and when not to disturb them. */
    interface Recipients {
        /** E-mail addresses. */
        List<String> to();

        /** Only exceptions of these groups (practices); all when absent. */
        Optional<List<String>> groups();

        /** Only exceptions of these clients; all when absent. */
        Optional<List<String>> clients();

        /** Only exceptions of these projects; all when absent. */
        Optional<List<String>> projects();

        /** The group's time zone, for quiet hours and the times in the notice. */
        @WithDefault("UTC")
        ZoneId zone();

        /** {@code HH:mm-HH:mm} in the group's zone (may wrap midnight): notices wait for its end. */
        Optional<String> quietHours();

        /** Who hears of a notice nobody acknowledged within {@code escalate-after}; no escalation when absent. */
        Optional<List<String>> escalateTo();

        /** How long a notified exception may stay unacknowledged (and unresolved) before it is escalated. */
        @WithDefault("4h")
        Duration escalateAfter();

        /** When the daily digest of the group's open exceptions goes out, in the group's zone; {@code off} for none. */
        @WithDefault("08:00")
        String digestAt();
    }
}
