package io.handoff.testing;

import io.handoff.event.EventType;
import io.handoff.sla.Join;
import io.handoff.sla.SlaCatalog;
import io.handoff.sla.SlaDefinition;
import io.handoff.sla.WorkingTime;
import java.time.Duration;
import java.util.List;

/** The shipped SLAs, in calendar time, for engine tests. */
public final class Slas {
    private Slas() {}

    public static final SlaDefinition APPROVED_TO_INVOICE = new SlaDefinition(
            "approved-to-invoice",
            "",
            EventType.TIMESHEET_APPROVED,
            EventType.INVOICE_POSTED,
            new Join(Join.Kind.LINK, "invoice"),
            EventType.INVOICE_CANCELLED,
            Duration.ofDays(5),
            WorkingTime.CALENDAR,
            0.95,
            0.8);

    public static final SlaDefinition INVOICE_TO_PAYMENT = new SlaDefinition(
            "invoice-to-payment",
            "",
            EventType.INVOICE_POSTED,
            EventType.INVOICE_PAID,
            Join.SAME,
            null,
            Duration.ofDays(30),
            WorkingTime.CALENDAR,
            0.9,
            0.8);

    public static final SlaDefinition MIDDLEWARE_DELIVERY = new SlaDefinition(
            "middleware-delivery",
            "",
            EventType.MIDDLEWARE_RECEIVED,
            EventType.MIDDLEWARE_DELIVERED,
            Join.SAME,
            null,
            Duration.ofMinutes(2),
            WorkingTime.CALENDAR,
            0.99,
            0.75);

    public static final SlaDefinition INVOICE_DELIVERY = new SlaDefinition(
            "invoice-delivery",
            "",
            EventType.INVOICE_POSTED,
            EventType.MIDDLEWARE_DELIVERED,
            new Join(Join.Kind.LINKED_FROM, "record"),
            null,
            Duration.ofHours(1),
            WorkingTime.CALENDAR,
            0.99,
            0.5);

    public static SlaCatalog catalog() {
        return new SlaCatalog(List.of(APPROVED_TO_INVOICE, INVOICE_TO_PAYMENT, MIDDLEWARE_DELIVERY, INVOICE_DELIVERY));
    }
}
