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
        String dashboard = links.grafana() + "/d/handoff-revenue-leakage";
        text.append("\nRevenue leakage dashboard: ")
                .append(dashboard)
                .append('\n')
                .append("\nYou get this because you are in the recipient group '")
                .append(group.name())
                .append("' of Handoff.\n");
        html.append("</table><p><a href=\"")
                .append(NoticeMail.escape(dashboard))
                .append("\">Revenue leakage dashboard</a></p>")
                .append("<p style=\"color:#666\">You get this because you are in the recipient group '")
                .append(NoticeMail.escape(group.name()))
                .append("' of Handoff.</p></body></html>");
        return new NoticeMail(group.to(), subject, text.toString(), html.toString());
    }

    private static String or(String value) {
        return value == null || value.isBlank() ? "—" : value;
    }
}
