package io.handoff.notify;

import io.handoff.reconcile.ExceptionRecord;
import io.handoff.reconcile.ExceptionStatus;
import io.handoff.reconcile.ExceptionStore;
import io.handoff.reconcile.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Turns opened exceptions into e-mails: routes each to its recipient groups, holds it through a group's
 * quiet hours, claims it in the store (one notice per exception and group, ever, also across restarts)
 * and sends it on a thread of its own, retrying with backoff while the mail server fails. The caller
 * (the engine thread) only queues.
 *
 * <p>The claim comes before the send: a notice whose sending is cut short by a crash is not sent again
 * (at most once), which is what "one notice per breach, ever" asks; a failing mail server only delays it.
 */
public final class Notifications implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Notifications.class);
    private static final int MAX_DIGEST_ITEMS = 1000;

    private final List<RecipientGroup> groups;
    private final Severity minSeverity;
    private final NotifyConfig.Links links;
    private final String from;
    private final long maxBackoffMillis;
    private final int maxPending;
    private final ExceptionStore exceptions;
    private final NoticeClaims claims;
    private final MailSender sender;
    private final NotifyObserver observer;
    private final InstantSource clock;
    private final DelayQueue<Pending> pending = new DelayQueue<>();
    /** The day of the last digest per group, and digest ids this process claimed (so a failed send can retry). */
    private final Map<String, LocalDate> digestSent = new ConcurrentHashMap<>();

    private final Set<String> digestClaimed = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;
    /** Set while sending fails, so an outage is logged when it starts and when it ends. */
    private boolean failing;

    public Notifications(
            List<RecipientGroup> groups,
            String minSeverity,
            NotifyConfig.Links links,
            String from,
            Duration maxBackoff,
            int maxPending,
            ExceptionStore exceptions,
            NoticeClaims claims,
            MailSender sender,
            NotifyObserver observer,
            InstantSource clock) {
        this.groups = List.copyOf(groups);
        this.minSeverity = Severity.of(minSeverity)
                .orElseThrow(() -> new IllegalArgumentException("handoff.notify.min-severity must be one of "
                        + Severity.labels() + ", not '" + minSeverity + "'"));
        this.links = links;
        this.from = from;
        this.maxBackoffMillis = maxBackoff.toMillis();
        this.maxPending = maxPending;
        this.exceptions = exceptions;
        this.claims = claims;
        this.sender = sender;
        this.observer = observer;
        this.clock = clock;
        this.thread = new Thread(this::run, "handoff-notifier");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues the notices of a newly opened exception; returns at once. */
    public void opened(ExceptionRecord exception) {
        queue(exception, false, false);
    }

    /** Queues a reminder about a snoozed exception that came back still open (one per snooze, ever). */
    public void woke(ExceptionRecord exception) {
        queue(exception, false, true);
    }

    /**
     * After a restart: queues the notices of exceptions that were open before it. Those already sent are
     * claimed and quietly skipped; those held in quiet hours or not yet sent when the service stopped go out.
     * (Escalations pending at the restart are not resumed.)
     */
    public void resume(List<ExceptionRecord> open) {
        open.stream().filter(e -> e.status() == ExceptionStatus.OPEN).forEach(e -> queue(e, true, false));
    }

    /** Routing: the severity threshold, then each group that wants the exception; held to the end of quiet hours. */
    private void queue(ExceptionRecord exception, boolean resumed, boolean reminder) {
        if (!exception.severity().atLeast(minSeverity)) {
            return;
        }
        Instant now = clock.instant();
        for (RecipientGroup group : groups) {
            if (!group.wants(exception)) {
                continue;
            }
            if (pending.size() >= maxPending) {
                observer.notice("dropped");
                LOG.warn("notice for " + exception.id() + " to " + group.name() + " dropped: " + maxPending
                        + " notices already pending");
                continue;
            }
            Instant due = group.quiet().endOfQuiet(now).orElse(now);
            if (due.isAfter(now) && !resumed) {
                observer.notice("held");
            }
            Pending p = new Pending(exception, group, due);
            p.resumed = resumed;
            p.reminder = reminder;
            pending.add(p);
        }
        observer.pending(pending.size());
    }

    /**
     * Sends each group's daily digest once its time of day has come in its zone: once per group and day,
     * claimed in the store like notices (so a restart does not send it twice), only when the group has open
     * exceptions. Call it every minute or so; a digest the mail server refused is tried again on the next call.
     */
    public void digests() {
        Instant now = clock.instant();
        for (RecipientGroup group : groups) {
            if (group.digest().isEmpty()) {
                continue;
            }
            LocalDate day = now.atZone(group.zone()).toLocalDate();
            if (now.atZone(group.zone()).toLocalTime().isBefore(group.digest().get())
                    || day.equals(digestSent.get(group.name()))) {
                continue;
            }
            List<ExceptionRecord> open = openExceptionsOf(group);
            String id = "digest:" + group.name() + "|" + day;
            try {
                if (!digestClaimed.contains(id) && !claims.claimNotice(id, now)) {
                    digestSent.put(group.name(), day); // sent before a restart
                    continue;
                }
                digestClaimed.add(id);
                if (!open.isEmpty()) {
                    sender.send(from, DigestMail.of(open, group, links, day, now));
                    observer.notice("sent");
                }
                digestSent.put(group.name(), day);
            } catch (Exception e) {
                observer.notice("failed");
                LOG.warn("the digest of " + group.name() + " for " + day + " failed (" + e.getMessage()
                        + "); trying again in a minute");
            }
        }
    }

    private List<ExceptionRecord> openExceptionsOf(RecipientGroup group) {
        List<ExceptionRecord> open = new ArrayList<>();
        exceptions.eachOpenException(exception -> {
            if (group.wants(exception)) {
                open.add(exception);
            }
            return open.size() < MAX_DIGEST_ITEMS;
        });
        return open;
    }

    public int pendingCount() {
        return pending.size();
    }

    private void run() {
        while (running) {
            Pending p;
            try {
                p = pending.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                deliver(p);
            } catch (RuntimeException e) {
                LOG.error("notice " + p.id() + " failed unexpectedly; it is retried", e);
                retry(p);
            }
            observer.pending(pending.size());
        }
    }

    /** What a stage decides for a notice: go on to the next stage, stop here, or try again later with backoff. */
    private enum Step {
        NEXT,
        STOP,
        RETRY
    }

    /** One stage of delivering a notice, on the notifier's thread. */
    private interface Stage {
        Step apply(Pending p, Instant now);
    }

    /** Delivery as a chain, like Alertmanager's notify pipeline (routing happened when the notice was queued). */
    private final List<Stage> delivery = List.of(
            this::waitOutQuietHours, this::dropHandledEscalation, this::claimOnce, this::send, this::escalateLater);

    private void deliver(Pending p) {
        Instant now = clock.instant();
        for (Stage stage : delivery) {
            switch (stage.apply(p, now)) {
                case NEXT -> {}
                case STOP -> {
                    return;
                }
                case RETRY -> {
                    retry(p);
                    return;
                }
            }
        }
    }

    /** A notice (or a retry) that falls into the group's quiet hours waits for their end. */
    private Step waitOutQuietHours(Pending p, Instant now) {
        Instant quietEnd = p.group.quiet().endOfQuiet(now).orElse(null);
        if (quietEnd == null) {
            return Step.NEXT;
        }
        p.due = quietEnd;
        pending.add(p);
        return Step.STOP;
    }

    /** An escalation of a notice acknowledged or resolved in time has nothing to say. */
    private Step dropHandledEscalation(Pending p, Instant now) {
        if (!p.escalation || p.claimed) {
            return Step.NEXT;
        }
        try {
            Optional<ExceptionRecord> current = exceptions.exception(p.exception.id());
            boolean handled = current.isEmpty()
                    || current.get().status() != ExceptionStatus.OPEN
                    || current.get().acknowledgement() != null;
            return handled ? Step.STOP : Step.NEXT;
        } catch (RuntimeException e) {
            return Step.RETRY;
        }
    }

    /** One notice per exception and group, ever: claimed in the store before it is sent (at most once). */
    private Step claimOnce(Pending p, Instant now) {
        if (p.claimed) {
            return Step.NEXT;
        }
        try {
            if (!claims.claimNotice(p.id(), now)) {
                if (!p.resumed) {
                    observer.notice("duplicate");
                }
                return Step.STOP;
            }
        } catch (RuntimeException e) {
            LOG.debug("cannot claim notice " + p.id() + " (" + e.getMessage() + "); retrying");
            return Step.RETRY;
        }
        p.claimed = true;
        return Step.NEXT;
    }

    private Step send(Pending p, Instant now) {
        try {
            NoticeMail mail = NoticeMail.of(p.exception, p.group, links, now);
            if (p.reminder) {
                mail = new NoticeMail(
                        mail.to(),
                        "[Handoff] Back from snooze, still open: "
                                + mail.subject().substring("[Handoff] ".length()),
                        mail.text(),
                        mail.html());
            } else if (p.escalation) {
                mail = new NoticeMail(
                        p.group.escalateTo(),
                        "[Handoff] Unacknowledged after " + NoticeMail.late(p.sentAt, now) + ": "
                                + mail.subject().substring("[Handoff] ".length()),
                        mail.text(),
                        mail.html());
            }
            sender.send(from, mail);
            observer.notice(p.escalation ? "escalated" : "sent");
            observer.delivered(
                    p.exception,
                    p.escalation ? "escalated" : p.reminder ? "reminded" : "notified",
                    p.group.name(),
                    mail.to());
            if (failing) {
                failing = false;
                LOG.info("the mail server accepts notices again; " + pending.size() + " still pending");
            }
            return Step.NEXT;
        } catch (Exception e) {
            observer.notice("failed");
            if (!failing) {
                failing = true;
                LOG.warn("sending a notice failed (" + e.getMessage() + "); notices are kept and retried with backoff");
            }
            return Step.RETRY;
        }
    }

    /** A notice sent to a group with an escalation list comes back as an escalation once its time is up. */
    private Step escalateLater(Pending p, Instant now) {
        if (!p.escalation && !p.reminder && !p.group.escalateTo().isEmpty()) {
            Pending escalation = new Pending(p.exception, p.group, now.plus(p.group.escalateAfter()), true);
            escalation.sentAt = now;
            pending.add(escalation);
        }
        return Step.STOP;
    }

    private void retry(Pending p) {
        long ceiling = Math.min(maxBackoffMillis, 200L << Math.min(p.attempts++, 20));
        p.due = clock.instant().plusMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        pending.add(p);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    /** One notice to one recipient group, due at a time. */
    private final class Pending implements Delayed {
        final ExceptionRecord exception;
        final RecipientGroup group;
        /** An escalation of a notice sent at {@link #sentAt}, rather than the notice itself. */
        final boolean escalation;

        volatile Instant due;
        Instant sentAt;
        /** Queued again after a restart: already sent is the normal case, not a duplicate. */
        boolean resumed;
        /** A reminder about an exception back from its snooze, rather than the first notice. */
        boolean reminder;

        int attempts;
        boolean claimed;

        Pending(ExceptionRecord exception, RecipientGroup group, Instant due) {
            this(exception, group, due, false);
        }

        Pending(ExceptionRecord exception, RecipientGroup group, Instant due, boolean escalation) {
            this.exception = exception;
            this.group = group;
            this.due = due;
            this.escalation = escalation;
        }

        String id() {
            if (reminder) {
                return "reminder:" + exception.id() + "|" + group.name() + "|" + snoozedUntil();
            }
            return (escalation ? "escalation:" : "notice:") + exception.id() + "|" + group.name();
        }

        /** The snooze a reminder ends: from the woke entry of the activity, so each snooze gets its own reminder. */
        private String snoozedUntil() {
            var activity = exception.activity();
            for (int i = activity.size() - 1; i >= 0; i--) {
                if (activity.get(i).action().equals("woke")) {
                    return activity.get(i).detail();
                }
            }
            return "";
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), due));
        }

        @Override
        public int compareTo(Delayed other) {
            return due.compareTo(((Pending) other).due);
        }
    }
}
