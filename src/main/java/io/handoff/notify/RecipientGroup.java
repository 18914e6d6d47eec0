package io.handoff.notify;

import io.handoff.store.ExceptionRecord;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * Who gets which notices: an exception matches when each filter that is set (groups, clients,
 * projects) contains the exception's value; a group without filters gets everything.
 */
public record RecipientGroup(String name, List<String> to, Set<String> groups, Set<String> clients, Set<String> projects, ZoneId zone, QuietHours quiet) {

    public boolean wants(ExceptionRecord exception) {
        return matches(groups, exception.group()) && matches(clients, exception.client()) && matches(projects, exception.project());
    }

    private static boolean matches(Set<String> wanted, String value) {
        return wanted.isEmpty() || (value != null && wanted.contains(value));
    }

    static RecipientGroup of(String name, NotifyConfig.Recipients config) {
        if (config.to().isEmpty()) {
            throw new IllegalArgumentException("handoff.notify.recipients." + name + ".to needs at least one address");
        }
        return new RecipientGroup(name, List.copyOf(config.to()), Set.copyOf(config.groups().orElse(List.of())),
                Set.copyOf(config.clients().orElse(List.of())), Set.copyOf(config.projects().orElse(List.of())), config.zone(),
                config.quietHours().map(q -> QuietHours.parse(q, config.zone())).orElse(QuietHours.NEVER));
    }
}
