package io.handoff.notify;

import io.handoff.reconcile.ExceptionLedger;
import io.handoff.reconcile.ExceptionObserver;
import io.handoff.reconcile.ExceptionRecord;
import io.handoff.reconcile.ExceptionStore;
import io.handoff.reconcile.OpenExceptions;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** The notices of the running service: exceptions opened by the engine go out as e-mail through quarkus-mailer. */
@Startup
@ApplicationScoped
public class Notifier implements ExceptionObserver {
    private static final Logger LOG = Logger.getLogger(Notifier.class);

    private final Notifications notifications;

    public Notifier(
            NotifyConfig config,
            ExceptionStore exceptions,
            NoticeClaims claims,
            Mailer mailer,
            NotifyObserver observer,
            ExceptionLedger ledger,
            io.handoff.names.Names names,
            io.handoff.slo.SloWindows windows,
            InstantSource clock) {
        if (!config.enabled()) {
            notifications = null;
            return;
        }
        List<RecipientGroup> groups = config.recipients().entrySet().stream()
                .map(e -> RecipientGroup.of(e.getKey(), e.getValue()))
                .toList();
        if (groups.isEmpty()) {
            LOG.warn(
                    "handoff.notify.enabled=true but no recipient group is configured (handoff.notify.recipients.<name>.to): no notice will go out");
        } else {
            LOG.info("notices: "
                    + groups.stream()
                            .map(g -> g.name() + " (quiet " + g.quiet() + ")")
                            .toList() + ", from " + config.from() + ", severity " + config.minSeverity()
                    + " and above");
        }
        MailSender sender = (from, mail) -> mailer.send(new Mail()
                .setFrom(from)
                .setTo(mail.to())
                .setSubject(mail.subject())
                .setText(mail.text())
                .setHtml(mail.html()));
        notifications = new Notifications(
                groups,
                new Notifications.Policy(
                        config.minSeverity(),
                        config.links(),
                        config.from(),
                        config.maxBackoff(),
                        config.maxPending(),
                        config.groupWait(),
                        config.maxPerHour()),
                exceptions,
                claims,
                sender,
                recordedIn(ledger, observer),
                names,
                budgets(windows),
                clock);
        List<ExceptionRecord> open = openExceptions(exceptions);
        notifications.resume(open);
        if (!open.isEmpty()) {
            LOG.info("notices: " + open.size()
                    + " exceptions open before the start checked; those not notified yet are sent");
        }
    }

    /** Each SLA's first compliance window (the one it is judged by) and its top three clients by breached clocks. */
    static BudgetUse.Source budgets(io.handoff.slo.SloWindows windows) {
        return now -> {
            List<BudgetUse> used = new ArrayList<>();
            for (io.handoff.sla.SlaDefinition sla : windows.catalog().definitions()) {
                if (sla.windows().isEmpty()) {
                    continue;
                }
                io.handoff.slo.SloWindows.Report report =
                        windows.current(sla, now).get(0);
                if (report.breached() == 0) {
                    continue;
                }
                var window = windows.window(sla, sla.windows().get(0).name(), null, now);
                used.add(new BudgetUse(
                        sla.id(),
                        report.window(),
                        report.label(),
                        report.breached(),
                        report.budgetLeftRatio(),
                        windows.contributors(sla, window, io.handoff.slo.Contributor.By.CLIENT, 3)
                                .top()));
            }
            return used;
        };
    }

    /** The observer, and each notice delivered written into its exception's history. */
    private static NotifyObserver recordedIn(ExceptionLedger ledger, NotifyObserver observer) {
        return new NotifyObserver() {
            @Override
            public void notice(String result) {
                observer.notice(result);
            }

            @Override
            public void pending(int notices) {
                observer.pending(notices);
            }

            @Override
            public void delivered(ExceptionRecord exception, String kind, String group, List<String> to) {
                try {
                    ledger.noticed(exception.id(), kind, "to " + group + " (" + String.join(", ", to) + ")");
                } catch (RuntimeException e) {
                    // The notice went out; only its line in the history is missing.
                    LOG.warn("could not record the notice about " + exception.id() + " in its history: "
                            + e.getMessage());
                }
            }
        };
    }

    private static List<ExceptionRecord> openExceptions(ExceptionStore store) {
        List<ExceptionRecord> open = new ArrayList<>();
        store.eachOpenException(exception -> open.add(exception) && open.size() < 100_000);
        return open;
    }

    @Override
    public void opened(ExceptionRecord exception) {
        if (notifications != null) {
            notifications.opened(exception);
        }
    }

    @Override
    public void woke(ExceptionRecord exception) {
        if (notifications != null) {
            notifications.woke(exception);
        }
    }

    @Override
    public void resolved(ExceptionRecord exception) {}

    @Override
    public void totalsChanged(OpenExceptions open) {}

    @Scheduled(every = "1m", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void digests() {
        if (notifications != null) {
            notifications.digests();
        }
    }

    @PreDestroy
    void close() {
        if (notifications != null) {
            notifications.close();
        }
    }
}
