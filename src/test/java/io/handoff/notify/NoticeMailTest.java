package io.handoff.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.event.ObjectRef;
import io.handoff.names.Names;
import io.handoff.reconcile.ExceptionRecord;
import io.handoff.reconcile.ExceptionStatus;
import io.handoff.reconcile.Severity;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NoticeMailTest {
    private static final NotifyConfig.Links LINKS = new NotifyConfig.Links() {
        public String grafana() {
            return "https://grafana.firm.example";
        }

        public String api() {
            return "https://handoff.firm.example";
        }

        public String console() {
            return "https://handoff.firm.example/console";
        }
    };

    @Test
    void aBreachNoticeSaysWhatWhoseWhichLineHowMuchHowLateAndWhereToLook() {
        var breach = Exceptions.breach(
                "4711",
                "Acme <Corp>",
                "Website relaunch",
                "consulting",
                7.5,
                900.0,
                Instant.parse("2026-11-20T09:00:00Z"));
        var leads = new RecipientGroup(
                "consulting-leads",
                List.of("lead@firm.example"),
                Set.of("consulting"),
                Set.of(),
                Set.of(),
                ZoneId.of("Europe/Berlin"),
                QuietHours.NEVER);

        NoticeMail mail = NoticeMail.of(
                breach, leads, LINKS, io.handoff.names.Names.none(null), Instant.parse("2026-11-23T11:30:00Z"));

        assertThat(mail.to()).containsExactly("lead@firm.example");
        assertThat(mail.subject())
                .isEqualTo(
                        "[Handoff] SLA breach: approved-to-invoice — Acme <Corp> / Website relaunch (7.50 h, 900.00 at stake)");
        assertThat(mail.text())
                .contains(
                        "Client: Acme <Corp>",
                        "Project: Website relaunch",
                        "Owner (group): consulting",
                        "What to do: Get the approved time onto an invoice, or record why it waits.",
                        "Item: account.analytic.line/4711",
                        "Hours at stake: 7.50 h",
                        "Amount at stake: 900.00",
                        "Since: Fri 20 Nov 2026 10:00 CET (3 d 2 h ago)",
                        "Act on it in the console: https://handoff.firm.example/console/exception?id=sla-breach%3Aapproved-to-invoice%3Aaccount.analytic.line%2F4711",
                        "Flow timeline: https://handoff.firm.example/console/flow?key=account.analytic.line%2F4711",
                        "Inbox: https://handoff.firm.example/console?group=consulting",
                        "Revenue leakage dashboard: https://grafana.firm.example/d/handoff-revenue-leakage?var-group=consulting",
                        "recipient group 'consulting-leads'");
        assertThat(mail.html())
                .contains(
                        "Acme &lt;Corp&gt;",
                        "<a href=\"https://handoff.firm.example/console/flow?key=account.analytic.line%2F4711\">Flow timeline</a>")
                .doesNotContain("Acme <Corp>");
    }

    @Test
    void howLateReadsLikeAPersonWouldSayIt() {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(NoticeMail.late(t, t.plusSeconds(42 * 60))).isEqualTo("42 min");
        assertThat(NoticeMail.late(t, t.plusSeconds(3 * 3600 + 5 * 60))).isEqualTo("3 h 5 min");
        assertThat(NoticeMail.late(t, t.plusSeconds(26 * 3600))).isEqualTo("1 d 2 h");
    }

    @Test
    void routingFollowsGroupAndClientFiltersAndAGroupWithoutFiltersGetsEverything() {
        var breach =
                Exceptions.breach("1", "Acme", "P", "consulting", 1.0, null, Instant.parse("2026-11-20T09:00:00Z"));

        assertThat(Exceptions.group("consulting", "a@x", Set.of("consulting"), Set.of())
                        .wants(breach))
                .isTrue();
        assertThat(Exceptions.group("design", "b@x", Set.of("design"), Set.of()).wants(breach))
                .isFalse();
        assertThat(Exceptions.group("acme", "c@x", Set.of(), Set.of("Acme")).wants(breach))
                .isTrue();
        assertThat(Exceptions.group("consulting-globex", "d@x", Set.of("consulting"), Set.of("Globex"))
                        .wants(breach))
                .isFalse();
        assertThat(Exceptions.group("everything", "e@x", Set.of(), Set.of()).wants(breach))
                .isTrue();
    }

    @Test
    void aNameWithALineBreakStaysOnTheSubjectLineAndAKeyIsEncodedInTheLink() {
        var breach = Exceptions.breach(
                "4711",
                "Acme\nBcc: all@firm.example",
                "Relaunch\r\n",
                "consulting",
                7.5,
                900.0,
                Instant.parse("2026-11-20T09:00:00Z"));
        var leads = new RecipientGroup(
                "leads",
                List.of("lead@firm.example"),
                Set.of(),
                Set.of(),
                Set.of(),
                ZoneId.of("UTC"),
                QuietHours.NEVER);

        NoticeMail mail = NoticeMail.of(
                breach, leads, LINKS, io.handoff.names.Names.none(null), Instant.parse("2026-11-23T11:30:00Z"));

        assertThat(mail.subject())
                .doesNotContain("\n")
                .doesNotContain("\r")
                .contains("Acme Bcc: all@firm.example / Relaunch");
        assertThat(mail.text()).contains("https://handoff.firm.example/console/flow?key=account.analytic.line%2F4711");
        assertThat(NoticeMail.encode("~msg 1/ä#?&x=1")).isEqualTo("%7Emsg+1%2F%C3%A4%23%3F%26x%3D1");
    }

    /** Names as Odoo gave them: the port's values, fixed. */
    private static final Names NAMED = new Names() {
        public String name(ObjectRef record) {
            return switch (record.key()) {
                case "res.partner/1204" -> "ACME Corp";
                case "project.project/212" -> "ACME - Data platform";
                default -> null;
            };
        }

        public String describe(ObjectRef record) {
            return record.key().equals("account.analytic.line/4711")
                    ? "Jürgen Weiß · Mon 16 Nov 2026 · Migration workshop · 7.5 h"
                    : null;
        }

        public String currency(ObjectRef record) {
            return record != null && record.key().equals("account.move/9") ? "CHF" : "EUR";
        }

        public void fetch(java.util.Collection<ObjectRef> records) {}
    };

    @Test
    void aNoticeNamesTheClientProjectAndLineAsALeadKnowsThemAndKeepsTheIdsInItsLinks() {
        var breach = Exceptions.breach(
                "4711", "1204", "212", "consulting", 7.5, 900.0, Instant.parse("2026-11-20T09:00:00Z"));
        var leads = Exceptions.group("leads", "lead@firm.example", Set.of(), Set.of());

        NoticeMail mail = NoticeMail.of(breach, leads, LINKS, NAMED, Instant.parse("2026-11-23T11:30:00Z"));

        assertThat(mail.subject())
                .isEqualTo(
                        "[Handoff] SLA breach: approved-to-invoice — ACME Corp / ACME - Data platform (7.50 h, 900.00 EUR at stake)");
        assertThat(mail.text())
                .contains(
                        "Client: ACME Corp",
                        "Project: ACME - Data platform",
                        "Item: Jürgen Weiß · Mon 16 Nov 2026 · Migration workshop · 7.5 h (account.analytic.line/4711)",
                        "Amount at stake: 900.00 EUR",
                        "/console/flow?key=account.analytic.line%2F4711");
    }

    @Test
    void aGroupedNoticeSumsAmountsPerCurrency() {
        var line = Exceptions.breach(
                "4711", "1204", "212", "consulting", 7.5, 1000.0, Instant.parse("2026-11-20T09:00:00Z"));
        var other = new ExceptionRecord(
                "x",
                "sla-breach",
                Severity.WARNING,
                ExceptionStatus.OPEN,
                "invoice-to-paid",
                "account.move/9",
                "1204",
                null,
                "consulting",
                null,
                50.0,
                Instant.parse("2026-11-20T10:00:00Z"),
                null,
                Instant.parse("2026-11-20T10:00:00Z"),
                "late",
                1);
        var leads = Exceptions.group("leads", "lead@firm.example", Set.of(), Set.of());

        NoticeMail mail =
                NoticeMail.grouped(List.of(line, other), leads, LINKS, NAMED, Instant.parse("2026-11-23T11:30:00Z"));

        assertThat(mail.subject())
                .isEqualTo("[Handoff] 2 exceptions opened (7.50 h, 50.00 CHF + 1,000.00 EUR at stake)");
        assertThat(mail.text()).contains("ACME Corp / ACME - Data platform — Jürgen Weiß · Mon 16 Nov 2026");
    }
}
