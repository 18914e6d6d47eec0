package io.handoff.notify;

/** Hands a notice to the mail server; throws when it was not accepted. Called on the notifier's thread. */
public interface MailSender {
    void send(String from, NoticeMail mail) throws Exception;
}
