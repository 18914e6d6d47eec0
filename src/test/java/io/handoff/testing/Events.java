package io.handoff.testing;

import io.handoff.event.BusinessEvent;
import io.handoff.event.EventFacts;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import java.time.Instant;

/** Canonical events for tests, with readable times: {@code at("2026-11-23T09:00:00Z")}. */
public final class Events {
    public static final Instant RECEIVED = Instant.parse("2026-11-23T00:00:00Z");

    private Events() {}

    public static Instant at(String time) {
        return Instant.parse(time);
    }

    public static BusinessEvent approved(String line, String time) {
        return subject(
                EventType.TIMESHEET_APPROVED,
                "account.analytic.line/" + line,
                time,
                new EventFacts("acme", "212", "consulting", 7.5, 900.0, null));
    }

    public static BusinessEvent invoiced(String line, String invoice, String time) {
        return subject(
                EventType.TIMESHEET_INVOICED,
                "account.analytic.line/" + line,
                time,
                new EventFacts(null, null, null, null, null, new ObjectRef("account.move", invoice)));
    }

    public static BusinessEvent uninvoiced(String line, String time) {
        return subject(EventType.TIMESHEET_UNINVOICED, "account.analytic.line/" + line, time, EventFacts.NONE);
    }

    public static BusinessEvent invoice(EventType type, String invoice, String time) {
        return subject(type, "account.move/" + invoice, time, EventFacts.NONE);
    }

    public static BusinessEvent middleware(EventType type, String message, String time) {
        return new BusinessEvent(
                "esb://test",
                message + "-" + type.wireName() + "-" + time,
                type,
                at(time),
                null,
                message,
                EventFacts.NONE,
                "esb",
                RECEIVED);
    }

    public static BusinessEvent delivered(String message, String record, String time) {
        return new BusinessEvent(
                "esb://test",
                message + "-delivered-" + time,
                EventType.MIDDLEWARE_DELIVERED,
                at(time),
                null,
                message,
                new EventFacts(
                        null, null, null, null, null, ObjectRef.parse(record).orElseThrow()),
                "esb",
                RECEIVED);
    }

    public static BusinessEvent subject(EventType type, String subject, String time, EventFacts facts) {
        return new BusinessEvent(
                "odoo/test",
                subject + "@" + time + "#" + type.wireName(),
                type,
                at(time),
                ObjectRef.parse(subject).orElseThrow(),
                null,
                facts,
                "odoo-test",
                RECEIVED);
    }
}
