package io.handoff.notify;

import io.handoff.names.Names;
import io.handoff.reconcile.ExceptionRecord;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The e-mail a delivery lead gets for one exception: what, for which client and project, which line or
 * invoice, how much at stake, how late, who owns it, and where to look — as plain text and HTML.
 */
public record NoticeMail(List<String> to, String subject, String text, String html) {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm z", Locale.ENGLISH);

    /** Writes the notice of {@code exception} for {@code group}, as of {@code now}. */
    public static NoticeMail of(
            ExceptionRecord exception, RecipientGroup group, NotifyConfig.Links links, Names names, Instant now) {
        String what = what(exception);
        StringBuilder subject = new StringBuilder("[Handoff] ")
                .append(what)
                .append(" — ")
                .append(oneLine(or(names.client(exception.client()), "unknown client")));
        if (exception.project() != null) {
            subject.append(" / ").append(oneLine(names.project(exception.project())));
        }
        String stake = stake(exception, names);
        if (!stake.isEmpty()) {
            subject.append(" (").append(stake).append(" at stake)");
        }

        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("What", what + " (" + exception.severity() + ")");
        facts.put("Client", or(names.client(exception.client()), "—"));
        facts.put("Project", or(names.project(exception.project()), "—"));
        facts.put("Owner (group)", or(exception.group(), "unassigned"));
        String item = exception.flowKey() == null ? null : names.item(exception.flowKey());
        facts.put(
                "Item", item == null ? or(exception.flowKey(), "—") : oneLine(item) + " (" + exception.flowKey() + ")");
        if (exception.hours() != null) {
            facts.put("Hours at stake", String.format(Locale.ROOT, "%.2f h", exception.hours()));
        }
        if (exception.amount() != null) {
            facts.put("Amount at stake", names.money(exception.amount(), exception.flowKey()));
        }
        facts.put(
                "Since",
                WHEN.format(exception.openedAt().atZone(group.zone())) + " (" + late(exception.openedAt(), now)
                        + " ago)");
        facts.put("Details", or(exception.summary(), ""));
        facts.put("What to do", io.handoff.reconcile.ExceptionWording.nextStep(exception));

        Map<String, String> linkList = new LinkedHashMap<>();
        linkList.put("Act on it in the console", links.console() + "/exception?id=" + encode(exception.id()));
        if (exception.flowKey() != null) {
            linkList.put("Flow timeline", links.console() + "/flow?key=" + encode(exception.flowKey()));
        }
        linkList.put(
                "Inbox", links.console() + (exception.group() == null ? "" : "?group=" + encode(exception.group())));
        linkList.put(
                "Revenue leakage dashboard",
                links.grafana() + "/d/handoff-revenue-leakage"
                        + (exception.group() == null ? "" : "?var-group=" + encode(exception.group())));

        StringBuilder text = new StringBuilder(subject.substring("[Handoff] ".length())).append("\n\n");
        facts.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        text.append('\n');
        linkList.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        text.append("\nYou get this because you are in the recipient group '")
                .append(group.name())
                .append("' of Handoff.\n");

        StringBuilder html = new StringBuilder("<html><body style=\"font-family:sans-serif\"><h2>")
                .append(escape(subject.substring("[Handoff] ".length())))
                .append("</h2><table cellpadding=\"4\">");
        facts.forEach((k, v) -> html.append("<tr><th align=\"left\">")
                .append(escape(k))
                .append("</th><td>")
                .append(escape(v))
                .append("</td></tr>"));
        html.append("</table><p>");
        linkList.forEach((k, v) -> html.append("<a href=\"")
                .append(escape(v))
                .append("\">")
                .append(escape(k))
                .append("</a><br>"));
        html.append("</p><p style=\"color:#666\">You get this because you are in the recipient group '")
                .append(escape(group.name()))
                .append("' of Handoff.</p></body></html>");
        return new NoticeMail(group.to(), subject.toString(), text.toString(), html.toString());
    }

    /**
     * One e-mail for the exceptions that opened for {@code group} within its group wait, most at stake first; a
     * single exception gets the full notice of {@link #of}.
     */
    public static NoticeMail grouped(
            List<ExceptionRecord> exceptions,
            RecipientGroup group,
            NotifyConfig.Links links,
            Names names,
            Instant now) {
        if (exceptions.size() == 1) {
            return of(exceptions.get(0), group, links, names, now);
        }
        List<ExceptionRecord> ranked = new java.util.ArrayList<>(exceptions);
        ranked.sort(java.util.Comparator.comparing(
                        (ExceptionRecord e) -> e.amount() == null ? 0.0 : e.amount(),
                        java.util.Comparator.reverseOrder())
                .thenComparing(e -> e.hours() == null ? 0.0 : e.hours(), java.util.Comparator.reverseOrder())
                .thenComparing(ExceptionRecord::openedAt));
        double hours = ranked.stream()
                .mapToDouble(e -> e.hours() == null ? 0 : e.hours())
                .sum();
        String amount = totalAmount(ranked, names);
        StringBuilder total = new StringBuilder();
        if (hours > 0) {
            total.append(String.format(Locale.ROOT, "%.2f h", hours));
        }
        if (!amount.isEmpty()) {
            total.append(total.isEmpty() ? "" : ", ").append(amount);
        }
        String subject = "[Handoff] " + ranked.size() + " exceptions opened"
                + (total.isEmpty() ? "" : " (" + total + " at stake)");
        String inbox = links.console()
                + (group.groups().size() == 1
                        ? "?group=" + encode(group.groups().iterator().next())
                        : "");
        StringBuilder text =
                new StringBuilder(subject.substring("[Handoff] ".length())).append(", most at stake first:\n\n");
        StringBuilder html = new StringBuilder("<html><body style=\"font-family:sans-serif\"><h2>")
                .append(escape(subject.substring("[Handoff] ".length())))
                .append(
                        "</h2><table cellpadding=\"4\"><tr><th align=\"left\">What</th><th align=\"left\">Client / project</th>"
                                + "<th align=\"left\">At stake</th><th align=\"left\">Since</th></tr>");
        for (ExceptionRecord e : ranked) {
            String link = links.console() + "/exception?id=" + encode(e.id());
            String since = WHEN.format(e.openedAt().atZone(group.zone()));
            String whose = oneLine(or(names.client(e.client()), "unknown client"))
                    + (e.project() == null ? "" : " / " + oneLine(names.project(e.project())));
            String item = e.flowKey() == null ? null : names.item(e.flowKey());
            if (item != null) {
                whose += " — " + oneLine(item);
            }
            text.append("- ")
                    .append(what(e))
                    .append(" — ")
                    .append(whose)
                    .append(stake(e, names).isEmpty() ? "" : " (" + stake(e, names) + ")")
                    .append(", since ")
                    .append(since)
                    .append("\n  ")
                    .append(link)
                    .append('\n');
            html.append("<tr><td><a href=\"")
                    .append(escape(link))
                    .append("\">")
                    .append(escape(what(e)))
                    .append("</a></td><td>")
                    .append(escape(whose))
                    .append("</td><td>")
                    .append(escape(stake(e, names)))
                    .append("</td><td>")
                    .append(escape(since))
                    .append("</td></tr>");
        }
        text.append("\nInbox: ").append(inbox).append('\n');
        text.append("\nYou get this because you are in the recipient group '")
                .append(group.name())
                .append("' of Handoff; exceptions opening within a few minutes of each other come in one e-mail.\n");
        html.append("</table><p><a href=\"")
                .append(escape(inbox))
                .append(
                        "\">Open the inbox</a></p><p style=\"color:#666\">You get this because you are in the recipient group '")
                .append(escape(group.name()))
                .append("' of Handoff.</p></body></html>");
        return new NoticeMail(group.to(), subject, text.toString(), html.toString());
    }

    static String stake(ExceptionRecord e, Names names) {
        StringBuilder s = new StringBuilder();
        if (e.hours() != null) {
            s.append(String.format(Locale.ROOT, "%.2f h", e.hours()));
        }
        if (e.amount() != null) {
            s.append(s.isEmpty() ? "" : ", ").append(names.money(e.amount(), e.flowKey()));
        }
        return s.toString();
    }

    /** The sum of the amounts at stake, per currency when they differ ({@code 1,200.00 EUR + 300.00 CHF}); empty for none. */
    static String totalAmount(List<ExceptionRecord> exceptions, Names names) {
        Map<String, Double> byCurrency = new java.util.TreeMap<>();
        Map<String, String> flowOf = new LinkedHashMap<>();
        for (ExceptionRecord e : exceptions) {
            if (e.amount() != null) {
                String currency = io.handoff.event.ObjectRef.parse(e.flowKey())
                        .map(names::currency)
                        .orElse(names.currency(null));
                String key = currency == null ? "" : currency;
                byCurrency.merge(key, e.amount(), Double::sum);
                flowOf.putIfAbsent(key, e.flowKey());
            }
        }
        List<String> parts = new java.util.ArrayList<>();
        byCurrency.forEach((currency, sum) -> parts.add(names.money(sum, flowOf.get(currency))));
        return String.join(" + ", parts);
    }

    static String late(Instant since, Instant now) {
        Duration d = Duration.between(since, now);
        if (d.isNegative()) {
            return "0 min";
        }
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        return days > 0 ? days + " d " + hours + " h" : hours > 0 ? hours + " h " + minutes + " min" : minutes + " min";
    }

    /** What went wrong, in a delivery lead's words. */
    static String what(ExceptionRecord exception) {
        return "sla-breach".equals(exception.type())
                ? "SLA breach: " + exception.sla()
                : exception.type().replace('-', ' ');
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A mail header holds one line: control characters (the edge refuses them; older data may hold them) become spaces. */
    static String oneLine(String value) {
        return io.handoff.event.WireText.oneLine(value, Integer.MAX_VALUE);
    }

    static String escape(String value) {
        return value.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
