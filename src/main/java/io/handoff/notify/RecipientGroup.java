package io.handoff.notify;

import io.handoff.reconcile.ExceptionRecord;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who gets which notices: an exception matches when each filter that is set (groups, clients,
 * projects) contains the exception's value; a group without filters gets everything.
 */
public record RecipientGroup(
        String name,
        List<String> to,
        Set<String> groups,
        Set<String> clients,
        Set<String> projects,
        ZoneId zone,
        QuietHours quiet,
        LocalTime digestAt,
        List<String> escalateTo,
        Duration escalateAfter) {

    /** A group without a daily digest or escalation. */
    public RecipientGroup(
            String name,
            List<String> to,
            Set<String> groups,
            Set<String> clients,
            Set<String> projects,
            ZoneId zone,
            QuietHours quiet) {
        this(name, to, groups, clients, projects, zone, quiet, null, List.of(), Duration.ZERO);
    }

    /** A group with a daily digest at {@code digestAt} (null: none) and no escalation. */
    public RecipientGroup(
            String name,
            List<String> to,
            Set<String> groups,
            Set<String> clients,
            Set<String> projects,
            ZoneId zone,
            QuietHours quiet,
            LocalTime digestAt) {
        this(name, to, groups, clients, projects, zone, quiet, digestAt, List.of(), Duration.ZERO);
    }

    public Optional<LocalTime> digest() {
        return Optional.ofNullable(digestAt);
    }

    public boolean wants(ExceptionRecord exception) {
        return matches(groups, exception.group())
                && matches(clients, exception.client())
                && matches(projects, exception.project());
    }

    private static boolean matches(Set<String> wanted, String value) {
        return wanted.isEmpty() || (value != null && wanted.contains(value));
    }

    static RecipientGroup of(String name, NotifyConfig.Recipients config) {
        if (config.to().isEmpty()) {
            throw new IllegalArgumentException("handoff.notify.recipients." + name + ".to needs at least one address");
        }
        return new RecipientGroup(
                name,
                List.copyOf(config.to()),
                Set.copyOf(config.groups().orElse(List.of())),
                Set.copyOf(config.clients().orElse(List.of())),
                Set.copyOf(config.projects().orElse(List.of())),
                config.zone(),
                config.quietHours().map(q -> QuietHours.parse(q, config.zone())).orElse(QuietHours.NEVER),
                digestAt(name, config.digestAt()),
                List.copyOf(config.escalateTo().orElse(List.of())),
                config.escalateAfter());
    }

    private static LocalTime digestAt(String name, String value) {
        if ("off".equalsIgnoreCase(value.trim())) {
            return null;
        }
        try {
            return LocalTime.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "handoff.notify.recipients." + name + ".digest-at must be HH:mm or off, not '" + value + "'");
        }
    }
}
