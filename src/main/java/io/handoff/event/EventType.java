package io.handoff.event;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The business event types Handoff understands, with their CloudEvents {@code type} value.
 *
 * <p>Each type says which flow it belongs to (the business object in {@code subject}, or the
 * end-to-end {@code correlationid}) and whether it sets or clears a link to another object.
 */
public enum EventType {
    TIMESHEET_APPROVED("timesheet.approved", Anchor.SUBJECT, null, LinkEffect.NONE),
    TIMESHEET_INVOICED("timesheet.invoiced", Anchor.SUBJECT, "invoice", LinkEffect.SET),
    TIMESHEET_UNINVOICED("timesheet.uninvoiced", Anchor.SUBJECT, "invoice", LinkEffect.CLEAR),
    INVOICE_POSTED("invoice.posted", Anchor.SUBJECT, null, LinkEffect.NONE),
    INVOICE_PAID("invoice.paid", Anchor.SUBJECT, null, LinkEffect.NONE),
    INVOICE_CANCELLED("invoice.cancelled", Anchor.SUBJECT, null, LinkEffect.NONE),
    MILESTONE_REACHED("milestone.reached", Anchor.SUBJECT, null, LinkEffect.NONE),
    EXPENSE_APPROVED("expense.approved", Anchor.SUBJECT, null, LinkEffect.NONE),
    MIDDLEWARE_RECEIVED("middleware.message.received", Anchor.CORRELATION, null, LinkEffect.NONE),
    MIDDLEWARE_DELIVERED("middleware.message.delivered", Anchor.CORRELATION, "record", LinkEffect.SET),
    MIDDLEWARE_FAILED("middleware.message.failed", Anchor.CORRELATION, null, LinkEffect.NONE),
    MIDDLEWARE_RETRIED("middleware.message.retried", Anchor.CORRELATION, null, LinkEffect.NONE),
    MIDDLEWARE_DEAD_LETTERED("middleware.message.deadlettered", Anchor.CORRELATION, null, LinkEffect.NONE);

    /** What identifies the flow an event of this type belongs to. */
    public enum Anchor {
        /** The business object named by {@code subject}, e.g. {@code account.move/7718}. */
        SUBJECT,
        /** The end-to-end {@code correlationid}, e.g. a middleware message id. */
        CORRELATION
    }

    /** What an event of this type does to its flow's link named {@link #linkName()}. */
    public enum LinkEffect {
        NONE,
        SET,
        CLEAR
    }

    private static final Map<String, EventType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;
    private final Anchor anchor;
    private final String linkName;
    private final LinkEffect linkEffect;

    EventType(String wireName, Anchor anchor, String linkName, LinkEffect linkEffect) {
        this.wireName = wireName;
        this.anchor = anchor;
        this.linkName = linkName;
        this.linkEffect = linkEffect;
    }

    /** The CloudEvents {@code type} attribute value. */
    public String wireName() {
        return wireName;
    }

    public Anchor anchor() {
        return anchor;
    }

    /** The link this type sets or clears, or null. */
    public String linkName() {
        return linkName;
    }

    public LinkEffect linkEffect() {
        return linkEffect;
    }

    public static Optional<EventType> fromWireName(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
