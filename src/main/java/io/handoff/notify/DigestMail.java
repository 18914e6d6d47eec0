package io.handoff.notify;

import io.handoff.names.Names;
import io.handoff.reconcile.ExceptionRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The daily digest of a recipient group: its open exceptions, oldest first, with the totals at stake. */
public final class DigestMail {
    private DigestMail() {}

    public static NoticeMail of(
            List<ExceptionRecord> open,
            List<BudgetUse> budgets,
            RecipientGroup group,
            NotifyConfig.Links links,
            Names names,
            LocalDate day,
            Instant now) {
        List<ExceptionRecord> items = open.stream()
                .sorted(Comparator.comparing(ExceptionRecord::openedAt))
                .toList();
        double hours = items.stream()
                .filter(e -> e.hours() != null)
                .mapToDouble(ExceptionRecord::hours)
                .sum();
        String amount = NoticeMail.totalAmount(items, names);
        String subject = String.format(
                Locale.ROOT,
                "[Handoff] Daily digest %s: %d open exceptions (%.2f h%s at stake)",
                day,
                items.size(),
                hours,
                amount.isEmpty() ? "" : ", " + amount);
        StringBuilder text = new StringBuilder(subject.substring("[Handoff] ".length())).append("\n\n");
        StringBuilder html = new StringBuilder("<html><body style=\"font-family:sans-serif\"><h2>")
                .append(NoticeMail.escape(subject.substring("[Handoff] ".length())))
                .append(
                        "</h2><table cellpadding=\"4\" border=\"1\" style=\"border-collapse:collapse\"><tr><th>Since</th><th>What</th><th>Client</th>"
                                + "<th>Project</th><th>Owner</th><th>Item</th><th>Hours</th><th>Amount</th></tr>");
        for (ExceptionRecord e : items) {
            String what = NoticeMail.what(e);
            String late = NoticeMail.late(e.openedAt(), now);
            String hoursText = e.hours() == null ? "" : String.format(Locale.ROOT, "%.2f h", e.hours());
            String amountText = names.money(e.amount(), e.flowKey());
            String client = names.client(e.client());
            String project = names.project(e.project());
            String item = e.flowKey() == null ? null : names.item(e.flowKey());
            String itemText = item == null ? or(e.flowKey()) : NoticeMail.oneLine(item);
            text.append("- ")
                    .append(late)
                    .append(" ago: ")
                    .append(what)
                    .append(" — ")
                    .append(NoticeMail.oneLine(or(client)))
                    .append(" / ")
                    .append(NoticeMail.oneLine(or(project)))
                    .append(" — ")
                    .append(itemText)
                    .append(hoursText.isEmpty() ? "" : ", " + hoursText)
                    .append(amountText.isEmpty() ? "" : ", " + amountText)
                    .append(" (owner ")
                    .append(e.group() == null ? "unassigned" : e.group())
                    .append(")\n");
            html.append("<tr><td>")
                    .append(NoticeMail.escape(late))
                    .append("</td><td>")
                    .append(NoticeMail.escape(what))
                    .append("</td><td>")
                    .append(NoticeMail.escape(or(client)))
                    .append("</td><td>")
                    .append(NoticeMail.escape(or(project)))
                    .append("</td><td>")
                    .append(NoticeMail.escape(e.group() == null ? "unassigned" : e.group()))
                    .append("</td><td><a href=\"")
                    .append(NoticeMail.escape(links.console() + "/flow?key=" + NoticeMail.encode(or(e.flowKey()))))
                    .append("\">")
                    .append(NoticeMail.escape(itemText))
                    .append("</a></td><td>")
                    .append(hoursText)
                    .append("</td><td>")
                    .append(NoticeMail.escape(amountText))
                    .append("</td></tr>");
        }
        html.append("</table>");
        if (!budgets.isEmpty()) {
            text.append("\nError budgets used this period, and by whom (all practices):\n");
            html.append("<h3>Error budgets used this period, and by whom (all practices)</h3><ul>");
            for (BudgetUse use : budgets) {
                String line = budgetLine(use, names);
                text.append("- ").append(line).append('\n');
                html.append("<li><a href=\"")
                        .append(NoticeMail.escape(links.console() + "/slas#sla-" + use.sla()))
                        .append("\">")
                        .append(NoticeMail.escape(line))
                        .append("</a></li>");
            }
            html.append("</ul>");
        }
        String dashboard = links.grafana() + "/d/handoff-revenue-leakage";
        text.append("\nRevenue leakage dashboard: ")
                .append(dashboard)
                .append('\n')
                .append("\nYou get this because you are in the recipient group '")
                .append(group.name())
                .append("' of Handoff.\n");
        html.append("<p><a href=\"")
                .append(NoticeMail.escape(dashboard))
                .append("\">Revenue leakage dashboard</a></p>")
                .append("<p style=\"color:#666\">You get this because you are in the recipient group '")
                .append(NoticeMail.escape(group.name()))
                .append("' of Handoff.</p></body></html>");
        return new NoticeMail(group.to(), subject, text.toString(), html.toString());
    }

    /** "approved-to-invoice (month 2026-11): 7 breached, 40 % of the budget left; most by ACME Corp (4, 12.0 h)". */
    static String budgetLine(BudgetUse use, Names names) {
        StringBuilder line = new StringBuilder(use.sla())
                .append(" (")
                .append(use.window().equals(use.label()) ? use.window() : use.window() + " " + use.label())
                .append("): ")
                .append(use.breached())
                .append(" breached, ")
                .append(
                        use.budgetLeftRatio() < 0
                                ? "budget overspent by " + Math.round(-use.budgetLeftRatio() * 100) + " %"
                                : Math.round(use.budgetLeftRatio() * 100) + " % of the budget left");
        if (!use.clients().isEmpty()) {
            line.append("; most by ");
            for (int i = 0; i < use.clients().size(); i++) {
                var c = use.clients().get(i);
                line.append(i == 0 ? "" : ", ")
                        .append(NoticeMail.oneLine(
                                io.handoff.slo.Contributor.NONE.equals(c.key()) ? "no client" : names.client(c.key())))
                        .append(" (")
                        .append(c.breached());
                if (c.hours() > 0) {
                    line.append(String.format(Locale.ROOT, ", %.1f h", c.hours()));
                }
                line.append(')');
            }
        }
        return line.toString();
    }

    private static String or(String value) {
        return value == null || value.isBlank() ? "—" : value;
    }
}
