package io.handoff.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/** Owner grouping (e.g. practice) read from events: {@code handoff.grouping.*}. */
@ConfigMapping(prefix = "handoff.grouping")
public interface GroupingConfig {
    /** Name of the grouping label's field in CloudEvents {@code data}. */
    @WithDefault("practice")
    String field();

    /** Group by project id/name, for events that carry no group (Odoo records). */
    Map<String, String> byProject();
}
