package io.handoff.web;

import io.smallrye.config.ConfigMapping;
import java.util.Map;

/** Keys for the query and admin APIs: {@code handoff.access.keys.<name>.key|role}. */
@ConfigMapping(prefix = "handoff.access")
public interface AccessConfig {
    Map<String, Key> keys();

    interface Key {
        /** The secret, at least 16 characters; put it in the environment, not in a file. */
        String key();

        /** {@code reader} (flows, SLAs) or {@code operator} (also admin). */
        String role();
    }
}
