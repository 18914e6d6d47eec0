package io.handoff.notify;

import io.handoff.names.Names;
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
 * Turns opened exceptions into e-mails: routes each to its recipient groups, gathers those opening for the same group
 * within its group wait into one e-mail (as Alertmanager groups alerts), holds it through the group's quiet hours and
 * beyond its hourly allowance, claims each exception's notice in the store (one notice per exception and group, ever,
 * also across restarts) and sends on a thread of its own, retrying with backoff while the mail server fails. The caller
 * (the engine thread) only queues.
 *
 * <p>The claim comes before the send: a notice whose sending is cut short by a crash is not sent again (at most once),
 * which is what "one notice per breach, ever" asks; a failing mail server only delays it.
 */
public final class Notifications implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Notifications.class);
    private static final int MAX_DIGEST_ITEMS = 1000;
    /** Exceptions one grouped e-mail lists at most; more wait for the next one. */
    static final int MAX_PER_MAIL = 50;

    /**
     * How notices go out.
     *
     * @param groupWait how long the first notice for a group waits for others to join it in one e-mail
     * @param maxPerHour e-mails per group and hour at most (escalations and digests included); the rest wait
     */
    public record Policy(
            String minSeverity,
            NotifyConfig.Links links,
            String from,
            Duration maxBackoff,
            int maxPending,
            Duration groupWait,
            int maxPerHour) {}

    private final List<RecipientGroup> groups;
    private final Severity minSeverity;
    private final Policy policy;
    private final ExceptionStore exceptions;
    private final NoticeClaims claims;
    private final MailSender sender;
    private final NotifyObserver observer;
    private final Names names;
    private final BudgetUse.Source budgets;
    private final InstantSource clock;
    private final DelayQueue<Pending> pending = new DelayQueue<>();
    /** The batch of each group still gathering notices, by group name. Guarded by itself. */
    private final Map<String, Pending> gathering = new java.util.HashMap<>();
    /** When each group's recent e-mails went out, for its hourly allowance (notifier thread only). */
    private final Map<String, java.util.ArrayDeque<Instant>> sentTimes = new ConcurrentHashMap<>();
    /** The day of the last digest per group, and digest ids this process claimed (so a failed send can retry). */
    private final Map<String, LocalDate> digestSent = new ConcurrentHashMap<>();

    private final Set<String> digestClaimed = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;
    /** Set while sending fails, so an outage is logged when it starts and when it ends. */
    private boolean failing;

    public Notifications(
            List<RecipientGroup> groups,
            Policy policy,
            ExceptionStore exceptions,
            NoticeClaims claims,
            MailSender sender,
            NotifyObserver observer,
            Names names,
            BudgetUse.Source budgets,
            InstantSource clock) {
        this.names = names;
        this.budgets = budgets;
        this.groups = List.copyOf(groups);
        this.minSeverity = Severity.of(policy.minSeverity())
                .orElseThrow(() -> new IllegalArgumentException("handoff.notify.min-severity must be one of "
                        + Severity.labels() + ", not '" + policy.minSeverity() + "'"));
        if (policy.maxPerHour() < 1) {
            throw new IllegalArgumentException("handoff.notify.max-per-hour must be at least 1");
        }
        this.policy = policy;
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

    /**
     * Routing: the severity threshold, then each group that wants the exception; it joins the group's gathering
     * batch, or starts one due after the group wait (or the end of quiet hours, whichever is later).
     */
    private void queue(ExceptionRecord exception, boolean resumed, boolean reminder) {
        if (!exception.severity().atLeast(minSeverity)) {
            return;
        }
        Instant now = clock.instant();
        for (RecipientGroup group : groups) {
            if (!group.wants(exception)) {
                continue;
            }
            synchronized (gathering) {
                Pending batch = gathering.get(group.name());
                if (batch != null && batch.items.size() < MAX_PER_MAIL) {
                    batch.add(new Item(exception, reminder, resumed));
                    continue;
                }
                if (pending.size() >= policy.maxPending()) {
                    observer.notice("dropped");
                    LOG.warn("notice for " + exception.id() + " to " + group.name() + " dropped: " + policy.maxPending()
                            + " notices already pending");
                    continue;
                }
                Instant quietEnd = group.quiet().endOfQuiet(now).orElse(now);
                if (quietEnd.isAfter(now) && !resumed) {
                    observer.notice("held");
                }
                Instant gathered = now.plus(policy.groupWait());
                Pending p = new Pending(group, quietEnd.isAfter(gathered) ? quietEnd : gathered, false);
                p.add(new Item(exception, reminder, resumed));
                gathering.put(group.name(), p);
                pending.add(p);
            }
        }
        observer.pending(pending.size());
    }

    /**
     * What a group may read of who used the budgets: all of it for a group without filters (the firm's), its own
     * clients for a group filtered by client; nothing for a group filtered by practice or project, since the
     * contributors are counted across all of them.
     */
    static List<BudgetUse> scoped(List<BudgetUse> used, RecipientGroup group) {
        if (!group.groups().isEmpty() || !group.projects().isEmpty()) {
            return List.of();
        }
        if (group.clients().isEmpty()) {
            return used;
        }
        List<BudgetUse> own = new ArrayList<>();
        for (BudgetUse use : used) {
            List<io.handoff.slo.Contributor> clients = use.clients().stream()
                    .filter(c -> group.clients().contains(c.key()))
                    .toList();
            if (!clients.isEmpty()) {
                own.add(new BudgetUse(
                        use.sla(), use.window(), use.label(), use.breached(), use.budgetLeftRatio(), clients));
            }
        }
        return own;
    }

    /** The budgets in force; a digest without them rather than none when they cannot be read. */
    private List<BudgetUse> budgetsNow(Instant now) {
        try {
            return budgets.current(now);
        } catch (RuntimeException e) {
            LOG.warn("the digest goes out without who used the error budgets: " + e.getMessage());
            return List.of();
        }
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
                    List<BudgetUse> used = scoped(budgetsNow(now), group);
                    names.fetch(java.util.stream.Stream.concat(
                                    named(open),
                                    used.stream()
                                            .flatMap(u -> u.clients().stream())
                                            .map(c -> Names.clientRef(c.key()))
                                            .filter(java.util.Objects::nonNull))
                            .toList());
                    sender.send(from(), DigestMail.of(open, used, group, policy.links(), names, day, now));
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
                LOG.error("notice to " + p.group.name() + " failed unexpectedly; it is retried", e);
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

    /** Delivery as a chain, like Alertmanager's notify pipeline (routing and grouping happened when queued). */
    private final List<Stage> delivery = List.of(
            this::waitOutQuietHours,
            this::keepToTheHourlyAllowance,
            this::closeTheBatch,
            this::dropHandledEscalation,
            this::claimOnce,
            this::send,
            this::escalateLater);

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

    /** A group that had its e-mails for this hour waits (its batch keeps gathering) until the oldest is an hour old. */
    private Step keepToTheHourlyAllowance(Pending p, Instant now) {
        java.util.ArrayDeque<Instant> sent =
                sentTimes.computeIfAbsent(p.group.name(), g -> new java.util.ArrayDeque<>());
        Instant hourAgo = now.minus(Duration.ofHours(1));
        while (!sent.isEmpty() && !sent.peekFirst().isAfter(hourAgo)) {
            sent.pollFirst();
        }
        if (p.attempts > 0 || sent.size() < policy.maxPerHour()) {
            return Step.NEXT;
        }
        observer.notice("held");
        p.due = sent.peekFirst().plus(Duration.ofHours(1));
        pending.add(p);
        return Step.STOP;
    }

    /** From here on the batch is what it is: notices opening now start the group's next one. */
    private Step closeTheBatch(Pending p, Instant now) {
        synchronized (gathering) {
            gathering.remove(p.group.name(), p);
        }
        return Step.NEXT;
    }

    /** An escalation of a notice acknowledged or resolved in time has nothing to say. */
    private Step dropHandledEscalation(Pending p, Instant now) {
        if (!p.escalation || p.allClaimed()) {
            return Step.NEXT;
        }
        try {
            Optional<ExceptionRecord> current =
                    exceptions.exception(p.items.get(0).exception.id());
            boolean handled = current.isEmpty()
                    || current.get().status() != ExceptionStatus.OPEN
                    || current.get().acknowledgement() != null;
            return handled ? Step.STOP : Step.NEXT;
        } catch (RuntimeException e) {
            return Step.RETRY;
        }
    }

    /** One notice per exception and group, ever: each claimed in the store before it is sent (at most once). */
    private Step claimOnce(Pending p, Instant now) {
        List<Item> sentBefore = new ArrayList<>();
        for (Item item : p.items) {
            if (item.claimed) {
                continue;
            }
            try {
                if (!claims.claimNotice(p.id(item), now)) {
                    if (!item.resumed) {
                        observer.notice("duplicate");
                    }
                    sentBefore.add(item);
                    continue;
                }
            } catch (RuntimeException e) {
                LOG.debug("cannot claim notice " + p.id(item) + " (" + e.getMessage() + "); retrying");
                p.items.removeAll(sentBefore);
                return Step.RETRY;
            }
            item.claimed = true;
        }
        p.items.removeAll(sentBefore);
        return p.items.isEmpty() ? Step.STOP : Step.NEXT;
    }

    /** The records a mail about these exceptions names: their clients, projects and flows. */
    private static java.util.stream.Stream<io.handoff.event.ObjectRef> named(List<ExceptionRecord> exceptions) {
        return exceptions.stream().flatMap(e -> Names.refs(e.client(), e.project(), e.flowKey()).stream());
    }

    private Step send(Pending p, Instant now) {
        try {
            List<ExceptionRecord> listed =
                    p.items.stream().map(i -> i.exception).toList();
            names.fetch(named(listed).toList());
            NoticeMail mail = NoticeMail.grouped(listed, p.group, policy.links(), names, now);
            if (p.escalation) {
                mail = new NoticeMail(
                        p.group.escalateTo(),
                        "[Handoff] Unacknowledged after " + NoticeMail.late(p.sentAt, now) + ": "
                                + mail.subject().substring("[Handoff] ".length()),
                        mail.text(),
                        mail.html());
            } else if (p.items.size() == 1 && p.items.get(0).reminder) {
                mail = new NoticeMail(
                        mail.to(),
                        "[Handoff] Back from snooze, still open: "
                                + mail.subject().substring("[Handoff] ".length()),
                        mail.text(),
                        mail.html());
            }
            sender.send(from(), mail);
            sentTimes
                    .computeIfAbsent(p.group.name(), g -> new java.util.ArrayDeque<>())
                    .addLast(now);
            for (Item item : p.items) {
                observer.notice(p.escalation ? "escalated" : "sent");
                observer.delivered(
                        item.exception,
                        p.escalation ? "escalated" : item.reminder ? "reminded" : "notified",
                        p.group.name(),
                        mail.to());
            }
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

    private String from() {
        return policy.from();
    }

    /** Each exception notified to a group with an escalation list comes back as an escalation once its time is up. */
    private Step escalateLater(Pending p, Instant now) {
        if (p.escalation || p.group.escalateTo().isEmpty()) {
            return Step.STOP;
        }
        for (Item item : p.items) {
            if (!item.reminder) {
                Pending escalation = new Pending(p.group, now.plus(p.group.escalateAfter()), true);
                escalation.add(new Item(item.exception, false, false));
                escalation.sentAt = now;
                pending.add(escalation);
            }
        }
        return Step.STOP;
    }

    private void retry(Pending p) {
        long ceiling = Math.min(policy.maxBackoff().toMillis(), 200L << Math.min(p.attempts++, 20));
        p.due = clock.instant().plusMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        pending.add(p);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    /** One exception in a notice. */
    private static final class Item {
        final ExceptionRecord exception;
        /** A reminder about an exception back from its snooze, rather than its first notice. */
        final boolean reminder;
        /** Queued again after a restart: already sent is the normal case, not a duplicate. */
        final boolean resumed;

        boolean claimed;

        Item(ExceptionRecord exception, boolean reminder, boolean resumed) {
            this.exception = exception;
            this.reminder = reminder;
            this.resumed = resumed;
        }
    }

    /** One e-mail to one recipient group, due at a time: a batch of notices, or the escalation of one. */
    private final class Pending implements Delayed {
        final RecipientGroup group;
        /** An escalation of a notice sent at {@link #sentAt}, rather than notices. */
        final boolean escalation;

        final List<Item> items = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile Instant due;
        Instant sentAt;
        int attempts;

        Pending(RecipientGroup group, Instant due, boolean escalation) {
            this.group = group;
            this.due = due;
            this.escalation = escalation;
        }

        void add(Item item) {
            items.add(item);
        }

        boolean allClaimed() {
            return items.stream().allMatch(i -> i.claimed);
        }

        /** The notice id claimed for one exception in this e-mail. */
        String id(Item item) {
            String exception = item.exception.id();
            if (escalation) {
                return "escalation:" + exception + "|" + group.name();
            }
            if (item.reminder) {
                return "reminder:" + exception + "|" + group.name() + "|" + snoozedUntil(item.exception);
            }
            return "notice:" + exception + "|" + group.name();
        }

        /** The snooze a reminder ends: from the woke entry of the activity, so each snooze gets its own reminder. */
        private static String snoozedUntil(ExceptionRecord exception) {
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
