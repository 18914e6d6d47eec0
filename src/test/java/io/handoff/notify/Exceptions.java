package io.handoff.notify;

import io.handoff.reconcile.ExceptionRecord;
import io.handoff.reconcile.ExceptionStatus;
import io.handoff.reconcile.Severity;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/** Exceptions and recipient groups for the notice tests. */
final class Exceptions {
    private Exceptions() {}

    static ExceptionRecord breach(
            String line, String client, String project, String group, Double hours, Double amount, Instant due) {
        return new ExceptionRecord(
                "sla-breach:approved-to-invoice:account.analytic.line/" + line,
                "sla-breach",
                Severity.WARNING,
                ExceptionStatus.OPEN,
                "approved-to-invoice",
                "account.analytic.line/" + line,
                client,
                project,
                group,
                hours,
                amount,
                due,
                null,
                due,
                "approved-to-invoice breached for account.analytic.line/" + line
                        + ": not done within P5D of timesheet.approved",
                1);
    }

    static RecipientGroup group(String name, String to, Set<String> groups, Set<String> clients) {
        return new RecipientGroup(name, List.of(to), groups, clients, Set.of(), ZoneId.of("UTC"), QuietHours.NEVER);
    }
}
