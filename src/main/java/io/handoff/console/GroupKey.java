package io.handoff.console;

import io.handoff.web.AccessConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The access key the console asks the other instances of a Kafka group with ({@code handoff.console.group-key}),
 * for their part of the SLA page: a console session is this instance's alone, so it has no credentials of its own to
 * pass on. Checked at start: a name that is not a configured key stops the service, naming the setting.
 */
@Startup
@Singleton
public class GroupKey {
    private final Optional<String> authorization;

    public GroupKey(ConsoleConfig console, AccessConfig access) {
        this.authorization = console.groupKey().map(name -> {
            AccessConfig.Key key = access.keys().get(name);
            if (key == null) {
                throw new IllegalArgumentException(
                        "handoff.console.group-key: no key named '" + name + "' under handoff.access.keys (configured: "
                                + new TreeSet<>(access.keys().keySet()) + ")");
            }
            // Least privilege: the key goes with every SLA page view to every instance the group's metadata names.
            if (!"reader".equalsIgnoreCase(key.role())) {
                throw new IllegalArgumentException("handoff.console.group-key: key '" + name + "' has role "
                        + key.role() + "; name a key of role reader (it is sent to the group's other instances)");
            }
            return "Bearer " + key.key();
        });
    }

    /** The {@code Authorization} header to ask the group with; empty when no key is named. */
    Optional<String> authorization() {
        return authorization;
    }

    @Override
    public String toString() {
        return "GroupKey[" + (authorization.isPresent() ? "set" : "none") + "]"; // never the secret
    }
}
