package io.handoff.event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The business event types Handoff understands, by their CloudEvents {@code type} value: the built-in ones below and
 * those an operator declares ({@code handoff.events.types.*}, through {@link #declare}).
 *
 * <p>Each type says which flow it belongs to (the business object in {@code subject}, or the end-to-end {@code
 * correlationid}) and whether it sets or clears a link to another object. One instance per wire name, so types
 * compare with {@code ==}; they order as declared, built-in ones first.
 */
public final class EventType implements Comparable<EventType> {
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

    /** A wire name: dot-separated lower-case words, as the built-in ones. */
    public static final String WIRE_NAME = "[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)+";

    public static final int MAX_WIRE_NAME = 100;
    /** Every type known, by wire name, in the order declared. Replaced whole on change: readers never lock. */
    private static volatile Map<String, EventType> known = new LinkedHashMap<>();

    public static final EventType TIMESHEET_SUBMITTED =
            builtIn("timesheet.submitted", Anchor.SUBJECT, null, LinkEffect.NONE);
    public static final EventType TIMESHEET_APPROVED =
            builtIn("timesheet.approved", Anchor.SUBJECT, null, LinkEffect.NONE);
    public static final EventType TIMESHEET_INVOICED =
            builtIn("timesheet.invoiced", Anchor.SUBJECT, "invoice", LinkEffect.SET);
    public static final EventType TIMESHEET_UNINVOICED =
            builtIn("timesheet.uninvoiced", Anchor.SUBJECT, "invoice", LinkEffect.CLEAR);
    public static final EventType INVOICE_POSTED = builtIn("invoice.posted", Anchor.SUBJECT, null, LinkEffect.NONE);
    public static final EventType INVOICE_PAID = builtIn("invoice.paid", Anchor.SUBJECT, null, LinkEffect.NONE);
    public static final EventType INVOICE_CANCELLED =
            builtIn("invoice.cancelled", Anchor.SUBJECT, null, LinkEffect.NONE);
    public static final EventType MILESTONE_REACHED =
            builtIn("milestone.reached", Anchor.SUBJECT, null, LinkEffect.NONE);
    public static final EventType MILESTONE_INVOICED =
            builtIn("milestone.invoiced", Anchor.SUBJECT, "invoice", LinkEffect.SET);
    public static final EventType EXPENSE_APPROVED = builtIn("expense.approved", Anchor.SUBJECT, null, LinkEffect.NONE);
    public static final EventType EXPENSE_REIMBURSED =
            builtIn("expense.reimbursed", Anchor.SUBJECT, null, LinkEffect.NONE);
    public static final EventType MIDDLEWARE_RECEIVED =
            builtIn("middleware.message.received", Anchor.CORRELATION, null, LinkEffect.NONE);
    public static final EventType MIDDLEWARE_DELIVERED =
            builtIn("middleware.message.delivered", Anchor.CORRELATION, "record", LinkEffect.SET);
    public static final EventType MIDDLEWARE_FAILED =
            builtIn("middleware.message.failed", Anchor.CORRELATION, null, LinkEffect.NONE);
    public static final EventType MIDDLEWARE_RETRIED =
            builtIn("middleware.message.retried", Anchor.CORRELATION, null, LinkEffect.NONE);
    public static final EventType MIDDLEWARE_DEAD_LETTERED =
            builtIn("middleware.message.deadlettered", Anchor.CORRELATION, null, LinkEffect.NONE);

    private final String wireName;
    private final Anchor anchor;
    private final String linkName;
    private final LinkEffect linkEffect;
    private final boolean builtIn;
    private final int order;

    private EventType(
            String wireName, Anchor anchor, String linkName, LinkEffect linkEffect, boolean builtIn, int order) {
        this.wireName = wireName;
        this.anchor = anchor;
        this.linkName = linkName;
        this.linkEffect = linkEffect;
        this.builtIn = builtIn;
        this.order = order;
    }

    private static synchronized EventType builtIn(String wireName, Anchor anchor, String linkName, LinkEffect effect) {
        EventType type = new EventType(wireName, anchor, linkName, effect, true, known.size());
        Map<String, EventType> next = new LinkedHashMap<>(known);
        next.put(wireName, type);
        known = next;
        return type;
    }

    /** What an operator declares about a type of their own. */
    public record Declaration(String wireName, Anchor anchor, String linkName, LinkEffect linkEffect) {}

    /**
     * Makes these types known, in this order. Declaring a type again with the same attributes changes nothing; a
     * built-in type or one already declared otherwise cannot be redefined.
     *
     * @throws IllegalArgumentException naming the wire name and what is wrong
     */
    public static synchronized List<EventType> declare(List<Declaration> declarations) {
        Map<String, EventType> next = new LinkedHashMap<>(known);
        List<EventType> declared = new ArrayList<>();
        for (Declaration d : declarations) {
            String name = d.wireName();
            if (!isWireName(name)) {
                throw new IllegalArgumentException("'" + name + "': an event type is dot-separated lower-case words,"
                        + " e.g. project.activated (at most " + MAX_WIRE_NAME + " characters)");
            }
            Objects.requireNonNull(d.anchor(), "anchor");
            LinkEffect effect = d.linkEffect() == null ? LinkEffect.NONE : d.linkEffect();
            String link = d.linkName() == null || d.linkName().isBlank() ? null : d.linkName();
            if ((effect == LinkEffect.NONE) != (link == null)) {
                throw new IllegalArgumentException(
                        name + ": a link name goes with sets-link or clears-link, and needs one of them");
            }
            if (link != null && !link.matches("[a-z][a-z0-9_-]{0,30}")) {
                throw new IllegalArgumentException(name + ": a link name is a lower-case word, e.g. invoice");
            }
            EventType existing = next.get(name);
            if (existing != null) {
                if (existing.anchor == d.anchor()
                        && Objects.equals(existing.linkName, link)
                        && existing.linkEffect == effect) {
                    declared.add(existing);
                    continue;
                }
                throw new IllegalArgumentException(name + (existing.builtIn ? " is built in" : " is declared already")
                        + " with anchor " + existing.anchor.name().toLowerCase(Locale.ROOT)
                        + (existing.linkName == null ? "" : " and link " + existing.linkName)
                        + "; choose another name");
            }
            EventType type = new EventType(name, d.anchor(), link, effect, false, next.size());
            next.put(name, type);
            declared.add(type);
        }
        known = next;
        return declared;
    }

    /**
     * A type met in stored events but no longer declared (its configuration was removed): made known as it was seen,
     * without a link, so the events that carry it stay readable and keep their place in their flows.
     */
    public static synchronized EventType retired(String wireName, Anchor anchor) {
        EventType existing = known.get(wireName);
        if (existing != null) {
            return existing;
        }
        return declare(List.of(new Declaration(wireName, anchor, null, LinkEffect.NONE)))
                .get(0);
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

    /** Whether Handoff ships it (rather than an operator declaring it). */
    public boolean builtIn() {
        return builtIn;
    }

    public static Optional<EventType> fromWireName(String wireName) {
        return Optional.ofNullable(known.get(wireName));
    }

    /**
     * Whether {@code name} is a wire name: dot-separated lower-case words, at most {@value #MAX_WIRE_NAME} characters.
     * The length is checked first: the pattern recurses once per word, and a name of tens of thousands of words
     * overflowed the stack (a forged repartition record, found by {@code EventDocumentFuzzTest}).
     */
    public static boolean isWireName(String name) {
        return name != null && name.length() <= MAX_WIRE_NAME && name.matches(WIRE_NAME);
    }

    /** Every type known, built-in ones first, then as declared. */
    public static List<EventType> values() {
        return List.copyOf(known.values());
    }

    @Override
    public int compareTo(EventType other) {
        return Integer.compare(order, other.order);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
