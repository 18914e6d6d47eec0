package io.handoff.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.handoff.reconcile.ExceptionRecord;
import io.handoff.reconcile.ExceptionStatus;
import io.handoff.reconcile.Severity;
import io.handoff.slo.Contributor;
import io.handoff.store.Store;
import io.handoff.store.memory.MemoryStore;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Notices through a real SMTP server (GreenMail), sent with Jakarta Mail as a mail relay would receive them. */
class NotificationsTest {
    private static final NotifyConfig.Links LINKS = new NotifyConfig.Links() {
        public String grafana() {
            return "http://grafana.test";
        }

        public String api() {
            return "http://handoff.test";
        }

        public String console() {
            return "http://handoff.test/console";
        }
    };
    private static final Instant DUE = Instant.parse("2026-11-20T09:00:00Z");
    /** Who used the error budgets, as the digest is told. */
    private BudgetUse.Source budgets = BudgetUse.Source.NONE;

    private final ConcurrentMap<String, AtomicInteger> counted = new ConcurrentHashMap<>();
    private final NotifyObserver observer = new NotifyObserver() {
        public void notice(String result) {
            counted.computeIfAbsent(result, r -> new AtomicInteger()).incrementAndGet();
        }

        public void pending(int notices) {}
    };
    private final List<Notifications> opened = new ArrayList<>();
    private int port;
    private GreenMail smtp;

    @BeforeEach
    void startSmtp() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterEach
    void stop() {
        opened.forEach(Notifications::close);
        smtp.stop();
    }

    private Notifications notifications(Store store, RecipientGroup... groups) {
        return notifications(store, Duration.ZERO, 1000, groups);
    }

    private Notifications notifications(Store store, Duration groupWait, int maxPerHour, RecipientGroup... groups) {
        Notifications n = new Notifications(
                List.of(groups),
                new Notifications.Policy(
                        "warning", LINKS, "handoff@firm.test", Duration.ofMillis(400), 100, groupWait, maxPerHour),
                store,
                store,
                NotificationsTest::sendBySmtp,
                observer,
                io.handoff.names.Names.none(null),
                budgets,
                InstantSource.system());
        opened.add(n);
        return n;
    }

    private int count(String result) {
        return counted.getOrDefault(result, new AtomicInteger()).get();
    }

    private static void sendBySmtp(String from, NoticeMail mail, int port) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(port));
        props.put("mail.smtp.connectiontimeout", "1000");
        props.put("mail.smtp.timeout", "2000");
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress(from));
        for (String to : mail.to()) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
        }
        message.setSubject(mail.subject(), "UTF-8");
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text(), "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent(mail.html(), "text/html; charset=UTF-8");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        Transport.send(message);
    }

    private static int currentPort;

    private static void sendBySmtp(String from, NoticeMail mail) throws Exception {
        sendBySmtp(from, mail, currentPort);
    }

    @BeforeEach
    void pointSenderAtThisTestsServer() {
        currentPort = port;
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> recipients(MimeMessage message) {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .map(Object::toString)
                    .toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> recipientsOf(MimeMessage[] messages) {
        return Arrays.stream(messages).flatMap(m -> recipients(m).stream()).toList();
    }

    @Test
    void aBreachGoesToTheGroupsThatWantItInTextAndHtml() throws Exception {
        Notifications notifications = notifications(
                new MemoryStore(100),
                Exceptions.group("consulting-leads", "lead@firm.test", Set.of("consulting"), Set.of()),
                Exceptions.group("acme-account", "acme-am@firm.test", Set.of(), Set.of("Acme")),
                Exceptions.group("design-leads", "design@firm.test", Set.of("design"), Set.of()));

        notifications.opened(Exceptions.breach("4711", "Acme", "Website relaunch", "consulting", 7.5, 900.0, DUE));

        assertThat(smtp.waitForIncomingEmail(10_000, 2)).isTrue();
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(recipientsOf(received)).containsExactlyInAnyOrder("lead@firm.test", "acme-am@firm.test");
        MimeMessage first = received[0];
        assertThat(first.getSubject())
                .isEqualTo(
                        "[Handoff] SLA breach: approved-to-invoice — Acme / Website relaunch (7.50 h, 900.00 at stake)");
        MimeMultipart parts = (MimeMultipart) first.getContent();
        assertThat(parts.getBodyPart(0).getContent().toString())
                .contains("Item: account.analytic.line/4711", "Hours at stake: 7.50 h");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        await().atMost(Duration.ofSeconds(5)).until(() -> count("sent") == 2);

        // One sender works through the notices in the order they fell due: once a later notice to the design
        // leads has arrived, a design notice for the first breach would have arrived before it.
        notifications.opened(Exceptions.breach("4712", "Initech", "Logo", "design", 1.0, null, DUE));
        assertThat(smtp.waitForIncomingEmail(10_000, 3)).isTrue();
        assertThat(recipientsOf(smtp.getReceivedMessages()))
                .containsExactlyInAnyOrder("lead@firm.test", "acme-am@firm.test", "design@firm.test");
        assertThat(Arrays.stream(smtp.getReceivedMessages())
                        .filter(m -> recipients(m).contains("design@firm.test"))
                        .map(NotificationsTest::subject))
                .singleElement()
                .asString()
                .contains("Initech");
    }

    @Test
    void exceptionsOpeningWithinTheGroupWaitGoOutAsOneMailMostAtStakeFirst() throws Exception {
        RecipientGroup leads = Exceptions.group("consulting-leads", "lead@firm.test", Set.of("consulting"), Set.of());
        Notifications notifications = notifications(new MemoryStore(100), Duration.ofSeconds(1), 1000, leads);

        notifications.opened(Exceptions.breach("1", "Acme", "P", "consulting", 1.0, 100.0, DUE));
        notifications.opened(Exceptions.breach("2", "Initech", "Q", "consulting", 8.0, 1200.0, DUE));
        notifications.opened(Exceptions.breach("3", "Umbrella", "R", "consulting", 2.0, 300.0, DUE));

        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage grouped = smtp.getReceivedMessages()[0];
        assertThat(grouped.getSubject()).isEqualTo("[Handoff] 3 exceptions opened (11.00 h, 1,600.00 at stake)");
        String text = ((MimeMultipart) grouped.getContent())
                .getBodyPart(0)
                .getContent()
                .toString();
        assertThat(text.indexOf("Initech")).isLessThan(text.indexOf("Umbrella"));
        assertThat(text.indexOf("Umbrella")).isLessThan(text.indexOf("Acme"));
        assertThat(text)
                .contains(
                        "http://handoff.test/console/exception?id=sla-breach%3Aapproved-to-invoice%3Aaccount.analytic.line%2F2");
        await().atMost(Duration.ofSeconds(5)).until(() -> count("sent") == 3);

        // The batch has gone: the next one starts its own wait and, alone, gets the full notice.
        notifications.opened(Exceptions.breach("4", "Hooli", "S", "consulting", 1.0, 50.0, DUE));
        assertThat(smtp.waitForIncomingEmail(10_000, 2)).isTrue();
        assertThat(smtp.getReceivedMessages()[1].getSubject())
                .startsWith("[Handoff] SLA breach: approved-to-invoice — Hooli");
        Thread.sleep(1500);
        assertThat(smtp.getReceivedMessages()).hasSize(2);
    }

    @Test
    void aGroupThatHadItsMailsForTheHourGetsNoMoreUntilTheHourIsOver() throws Exception {
        RecipientGroup leads = Exceptions.group("consulting-leads", "lead@firm.test", Set.of(), Set.of());
        Notifications notifications = notifications(new MemoryStore(100), Duration.ZERO, 1, leads);

        notifications.opened(Exceptions.breach("1", "Acme", "P", "consulting", 1.0, 100.0, DUE));
        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        notifications.opened(Exceptions.breach("2", "Acme", "P", "consulting", 1.0, 100.0, DUE));
        notifications.opened(Exceptions.breach("3", "Acme", "P", "consulting", 1.0, 100.0, DUE));

        await().atMost(Duration.ofSeconds(5)).until(() -> count("held") >= 1);
        Thread.sleep(1500);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(notifications.pendingCount())
                .as("both wait in one batch for the next hour")
                .isEqualTo(1);
    }

    @Test
    void anExceptionIsNotifiedOnceEvenWhenReportedAgainAndAfterARestart() throws Exception {
        Store store = new MemoryStore(100);
        RecipientGroup leads = Exceptions.group("consulting-leads", "lead@firm.test", Set.of(), Set.of());
        ExceptionRecord breach = Exceptions.breach("4711", "Acme", "P", "consulting", 7.5, 900.0, DUE);
        Notifications before = notifications(store, leads);

        before.opened(breach);
        before.opened(breach);
        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> count("duplicate") == 1);
        before.close();
        Notifications after = notifications(store, leads); // a restarted service over the same store
        after.opened(breach);

        await().atMost(Duration.ofSeconds(10)).until(() -> count("duplicate") == 2);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    @Test
    void aNoticeInQuietHoursIsHeldAndSentWhenTheyEnd() throws Exception {
        LocalTime now = LocalTime.now(ZoneId.of("UTC"));
        // Quiet from an hour ago until three seconds from now (QuietHours' own resolution is finer than its HH:mm
        // syntax).
        QuietHours quiet = new QuietHours(now.minusHours(1), now.plusSeconds(3), ZoneId.of("UTC"));
        RecipientGroup sleeping = new RecipientGroup(
                "night", List.of("night@firm.test"), Set.of(), Set.of("Acme"), Set.of(), ZoneId.of("UTC"), quiet);
        RecipientGroup awake = Exceptions.group("day", "day@firm.test", Set.of(), Set.of("Globex"));
        Notifications notifications = notifications(new MemoryStore(100), sleeping, awake);

        notifications.opened(Exceptions.breach("1", "Acme", "P", "consulting", 1.0, null, DUE));
        assertThat(count("held")).isEqualTo(1);

        // A notice opened after it, to a group that is awake, goes out first: the held one waits for the end of quiet.
        notifications.opened(Exceptions.breach("2", "Globex", "P", "consulting", 1.0, null, DUE));
        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(recipientsOf(smtp.getReceivedMessages())).containsExactly("day@firm.test");
        assertThat(notifications.pendingCount()).isEqualTo(1);
        assertThat(smtp.waitForIncomingEmail(10_000, 2)).isTrue();
        assertThat(recipientsOf(smtp.getReceivedMessages()))
                .containsExactlyInAnyOrder("day@firm.test", "night@firm.test");
    }

    @Test
    void whileTheMailServerIsDownNoticesWaitAndGoOutWhenItIsBack() throws Exception {
        smtp.stop();
        Notifications notifications =
                notifications(new MemoryStore(100), Exceptions.group("leads", "lead@firm.test", Set.of(), Set.of()));

        long started = System.nanoTime();
        notifications.opened(Exceptions.breach("1", "Acme", "P", "consulting", 1.0, null, DUE));
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("opened() only queues")
                .isLessThan(Duration.ofMillis(200));

        await().atMost(Duration.ofSeconds(10)).until(() -> count("failed") >= 2);
        assertThat(notifications.pendingCount()).isEqualTo(1);
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();

        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> count("sent") == 1);
    }

    @Test
    void belowTheMinimumSeverityNothingIsSent() throws Exception {
        // Quiet all day: whatever is queued stays queued (and is counted held), so the test sees it without waiting.
        QuietHours always = new QuietHours(LocalTime.MIN, LocalTime.MAX, ZoneId.of("UTC"));
        RecipientGroup leads = new RecipientGroup(
                "leads", List.of("lead@firm.test"), Set.of(), Set.of(), Set.of(), ZoneId.of("UTC"), always);
        Notifications notifications = notifications(new MemoryStore(100), leads);
        ExceptionRecord b = Exceptions.breach("1", "Acme", "P", "consulting", 1.0, null, DUE);

        notifications.opened(new ExceptionRecord(
                b.id(),
                b.type(),
                Severity.INFO,
                b.status(),
                b.sla(),
                b.flowKey(),
                b.client(),
                b.project(),
                b.group(),
                b.hours(),
                b.amount(),
                b.openedAt(),
                null,
                b.updatedAt(),
                b.summary(),
                1));
        assertThat(count("held")).isZero();
        assertThat(notifications.pendingCount()).isZero();

        notifications.opened(
                Exceptions.breach("2", "Acme", "P", "consulting", 1.0, null, DUE)); // a warning: at the minimum
        assertThat(count("held")).isEqualTo(1);
        assertThat(notifications.pendingCount()).isEqualTo(1);
    }

    @Test
    void whoUsedTheBudgetsIsToldToTheFirmWideGroupAndToAClientsGroupOnlyAboutItsClients() {
        List<BudgetUse> used = List.of(new BudgetUse(
                "approved-to-invoice",
                "month",
                "2026-11",
                7,
                -0.25,
                List.of(new Contributor("Acme", 4, 12.0, 0), new Contributor(Contributor.NONE, 1, 0, 0))));
        RecipientGroup firm = Exceptions.group("management", "m@firm.test", Set.of(), Set.of());
        RecipientGroup acme = Exceptions.group("acme-account", "a@firm.test", Set.of(), Set.of("Acme"));
        RecipientGroup globex = Exceptions.group("globex-account", "g@firm.test", Set.of(), Set.of("Globex"));
        RecipientGroup practice = Exceptions.group("consulting-leads", "c@firm.test", Set.of("consulting"), Set.of());

        assertThat(Notifications.scoped(used, firm)).isEqualTo(used);
        assertThat(Notifications.scoped(used, acme))
                .singleElement()
                .satisfies(u ->
                        assertThat(u.clients()).extracting(Contributor::key).containsExactly("Acme"));
        assertThat(Notifications.scoped(used, globex)).isEmpty();
        assertThat(Notifications.scoped(used, practice)).isEmpty();
        assertThat(DigestMail.budgetLine(used.get(0), io.handoff.names.Names.none(null)))
                .isEqualTo("approved-to-invoice (month 2026-11): 7 breached, budget overspent by 25 %; most by Acme (4,"
                        + " 12.0 h), no client (1)");
    }

    @Test
    void theDailyDigestListsTheGroupsOpenExceptionsOncePerDayAlsoAcrossARestart() throws Exception {
        Store store = new MemoryStore(100);
        ExceptionRecord resolved = Exceptions.breach("3", "Acme", "P", "consulting", 2.0, 100.0, DUE);
        store.saveExceptions(List.of(
                Exceptions.breach("1", "Acme", "Website", "consulting", 7.5, 900.0, DUE),
                Exceptions.breach("2", "Globex", "Audit", "consulting", 3.0, null, DUE.plusSeconds(3600)),
                Exceptions.breach("4", "Initech", "Logo", "design", 1.0, 50.0, DUE),
                new ExceptionRecord(
                        resolved.id(),
                        resolved.type(),
                        resolved.severity(),
                        ExceptionStatus.RESOLVED,
                        resolved.sla(),
                        resolved.flowKey(),
                        resolved.client(),
                        resolved.project(),
                        resolved.group(),
                        resolved.hours(),
                        resolved.amount(),
                        DUE,
                        DUE,
                        DUE,
                        "done",
                        2)));
        RecipientGroup consulting = new RecipientGroup(
                "consulting-leads",
                List.of("lead@firm.test"),
                Set.of("consulting"),
                Set.of(),
                Set.of(),
                ZoneId.of("UTC"),
                QuietHours.NEVER,
                LocalTime.MIDNIGHT);

        budgets = now -> List.of(new BudgetUse(
                "approved-to-invoice",
                "month",
                "2026-11",
                7,
                -0.25,
                List.of(new Contributor("Acme", 4, 12.0, 0), new Contributor(Contributor.NONE, 1, 0, 0))));
        Notifications before = notifications(store, consulting);
        before.digests();
        before.digests();
        before.close();
        notifications(store, consulting).digests(); // restarted the same day

        // digests() sends on the caller's thread: what was sent has arrived when it returns.
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject())
                .startsWith("[Handoff] Daily digest ")
                .endsWith(": 2 open exceptions (10.50 h, 900.00 at stake)");
        String text = ((MimeMultipart) received[0].getContent())
                .getBodyPart(0)
                .getContent()
                .toString();
        assertThat(text)
                .contains(
                        "Acme / Website — account.analytic.line/1, 7.50 h, 900.00 (owner consulting)", "Globex / Audit")
                // A practice's leads are not told other practices' clients.
                .doesNotContain("Error budgets used")
                .doesNotContain("Initech", "account.analytic.line/3");
        assertThat(text.indexOf("account.analytic.line/1"))
                .as("oldest first")
                .isLessThan(text.indexOf("account.analytic.line/2"));
    }

    @Test
    void noDigestBeforeItsTimeOfDayNorForAGroupWithNothingOpen() throws Exception {
        Store store = new MemoryStore(100);
        store.saveExceptions(List.of(Exceptions.breach("1", "Acme", "Website", "consulting", 7.5, 900.0, DUE)));
        LocalTime now = LocalTime.now(ZoneId.of("UTC"));
        RecipientGroup later = new RecipientGroup(
                "later",
                List.of("later@firm.test"),
                Set.of(),
                Set.of(),
                Set.of(),
                ZoneId.of("UTC"),
                QuietHours.NEVER,
                now.isBefore(LocalTime.of(23, 0)) ? now.plusMinutes(30) : LocalTime.MAX);
        RecipientGroup design = new RecipientGroup(
                "design",
                List.of("design@firm.test"),
                Set.of("design"),
                Set.of(),
                Set.of(),
                ZoneId.of("UTC"),
                QuietHours.NEVER,
                LocalTime.MIDNIGHT);
        RecipientGroup due = new RecipientGroup(
                "due",
                List.of("due@firm.test"),
                Set.of("consulting"),
                Set.of(),
                Set.of(),
                ZoneId.of("UTC"),
                QuietHours.NEVER,
                LocalTime.MIDNIGHT);

        notifications(store, later, design, due).digests();

        // digests() sends on the caller's thread: only the group whose time has come and that has something open.
        assertThat(recipientsOf(smtp.getReceivedMessages())).containsExactly("due@firm.test");
    }

    @Test
    void aNoticeNobodyAcknowledgesIsEscalatedAndAnAcknowledgedOneIsNot() throws Exception {
        Store store = new MemoryStore(100);
        ExceptionRecord ignored = Exceptions.breach("1", "Acme", "Website", "consulting", 7.5, 900.0, DUE);
        ExceptionRecord handled = Exceptions.breach("2", "Globex", "Audit", "consulting", 3.0, null, DUE);
        store.saveExceptions(List.of(ignored, handled));
        RecipientGroup leads = new RecipientGroup(
                "consulting-leads",
                List.of("lead@firm.test"),
                Set.of(),
                Set.of(),
                Set.of(),
                ZoneId.of("UTC"),
                QuietHours.NEVER,
                null,
                List.of("head-of-delivery@firm.test"),
                Duration.ofSeconds(2));
        Notifications notifications = notifications(store, leads);

        // One after the other: opened together they could go out in one grouped e-mail.
        notifications.opened(ignored);
        assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
        notifications.opened(handled);
        assertThat(smtp.waitForIncomingEmail(5_000, 2)).isTrue();
        Instant bothSent = Instant.now();
        store.saveExceptions(List.of(handled.acknowledged("lead", "on it", Instant.now(), 2)));

        assertThat(smtp.waitForIncomingEmail(10_000, 3)).isTrue();
        // Both escalations fell due before this notice is opened, and one sender works in order of due time:
        // when it arrives, an escalation of the acknowledged notice would have arrived before it.
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(bothSent.plus(leads.escalateAfter())));
        notifications.opened(Exceptions.breach("3", "Initech", "Logo", "consulting", 1.0, null, DUE));
        assertThat(smtp.waitForIncomingEmail(10_000, 4)).isTrue();
        MimeMessage[] received = smtp.getReceivedMessages(); // grouped by mailbox, not in order of arrival
        assertThat(recipientsOf(received))
                .containsExactlyInAnyOrder(
                        "lead@firm.test", "lead@firm.test", "lead@firm.test", "head-of-delivery@firm.test");
        MimeMessage escalation = Arrays.stream(received)
                .filter(m -> subject(m).startsWith("[Handoff] Unacknowledged"))
                .findFirst()
                .orElseThrow();
        assertThat(escalation.getRecipients(Message.RecipientType.TO))
                .extracting(Object::toString)
                .containsExactly("head-of-delivery@firm.test");
        assertThat(escalation.getSubject())
                .startsWith("[Handoff] Unacknowledged after ")
                .contains("SLA breach: approved-to-invoice — Acme / Website");
        await().atMost(Duration.ofSeconds(5)).until(() -> count("escalated") == 1);
    }

    @Test
    void afterARestartANoticeHeldInQuietHoursStillGoesOutAndASentOneDoesNot() throws Exception {
        Store store = new MemoryStore(100);
        ExceptionRecord sent = Exceptions.breach("1", "Acme", "Website", "consulting", 7.5, 900.0, DUE);
        ExceptionRecord held = Exceptions.breach("2", "Globex", "Audit", "design", 3.0, null, DUE);
        store.saveExceptions(List.of(sent, held));
        LocalTime now = LocalTime.now(ZoneId.of("UTC"));
        RecipientGroup consulting =
                Exceptions.group("consulting", "consulting@firm.test", Set.of("consulting"), Set.of());
        RecipientGroup design = new RecipientGroup(
                "design",
                List.of("design@firm.test"),
                Set.of("design"),
                Set.of(),
                Set.of(),
                ZoneId.of("UTC"),
                new QuietHours(now.minusHours(1), now.plusSeconds(3), ZoneId.of("UTC")));
        Notifications before = notifications(store, consulting, design);
        before.opened(sent);
        before.opened(held);
        assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
        before.close(); // stopped while the design notice is held

        notifications(store, consulting, design).resume(List.of(sent, held));

        // The resumed notice already sent was due first, so it was skipped before the held one went out.
        assertThat(smtp.waitForIncomingEmail(10_000, 2)).isTrue();
        assertThat(recipientsOf(smtp.getReceivedMessages()))
                .containsExactlyInAnyOrder("consulting@firm.test", "design@firm.test");
        assertThat(count("duplicate")).isZero();
    }
}
