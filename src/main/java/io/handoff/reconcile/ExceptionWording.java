package io.handoff.reconcile;

import java.util.Locale;

/** What is wrong and what to do about it, in the words a delivery lead reads in the inbox and in a notice. */
public final class ExceptionWording {
    private ExceptionWording() {}

    /** One sentence: whose, what is wrong, what it puts at stake, what to do. */
    public static String sentence(ExceptionRecord e) {
        return (e.client() == null ? "" : e.client() + ": ") + what(e) + " " + nextStep(e);
    }

    private static String what(ExceptionRecord e) {
        String stake = stake(e);
        return switch (e.type()) {
            case "sla-breach" -> (e.sla() == null ? "An SLA" : e.sla()) + " is breached" + stake + ".";
            case "duplicate-invoicing" -> "The same time is on two invoices" + stake + ".";
            case "uninvoiced-after-cancellation" ->
                "An invoice was cancelled and its time was not invoiced again" + stake + ".";
            case "message-dead-lettered" -> "A middleware message was dead-lettered" + stake + ".";
            case "delivery-unconfirmed" -> "A middleware delivery was never confirmed" + stake + ".";
            case "unknown-reference" -> "An event refers to something Handoff never saw" + stake + ".";
            case "hours-mismatch", "daily-hours" -> "Hours differ between the systems" + stake + ".";
            default -> e.type() + stake + ".";
        };
    }

    /** What to do next, as one sentence. */
    public static String nextStep(ExceptionRecord e) {
        return switch (e.type()) {
            case "sla-breach" ->
                e.sla() != null && e.sla().contains("invoice")
                        ? "Get the approved time onto an invoice, or record why it waits."
                        : "Find the step that stalled and push it on.";
            case "duplicate-invoicing" -> "Credit one of the invoices before the client pays twice.";
            case "uninvoiced-after-cancellation" -> "Re-invoice the time, or write it off with a reason.";
            case "message-dead-lettered" -> "Fix the message's cause and replay it from the dead-letter queue.";
            case "delivery-unconfirmed" -> "Check the target system received it; replay if not.";
            case "unknown-reference" -> "Check the sending system's mapping; the referenced record may be missing.";
            case "hours-mismatch", "daily-hours" -> "Compare the time tool with Odoo for that day and correct one.";
            default -> "Open it to see the evidence.";
        };
    }

    /** " (12.5 h, 1,250.00 at stake)", or nothing when nothing is known to be at stake. */
    private static String stake(ExceptionRecord e) {
        StringBuilder s = new StringBuilder();
        if (e.hours() != null && e.hours() > 0) {
            s.append(String.format(Locale.ROOT, "%.1f h", e.hours()));
        }
        if (e.amount() != null && e.amount() > 0) {
            if (!s.isEmpty()) {
                s.append(", ");
            }
            s.append(String.format(Locale.ROOT, "%,.2f", e.amount()));
        }
        return s.isEmpty() ? "" : " (" + s + " at stake)";
    }
}
