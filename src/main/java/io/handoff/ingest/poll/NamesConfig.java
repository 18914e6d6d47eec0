package io.handoff.ingest.poll;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Display names of Odoo ids: {@code handoff.names.*}. Read through a poll source's API; without one, ids are shown. */
@ConfigMapping(prefix = "handoff.names")
public interface NamesConfig {
    /** Read names from Odoo when a poll source is configured ({@code handoff.odoo.poll.sources.*}). */
    @WithDefault("true")
    boolean enabled();

    /** The poll source whose API names are read from; needed only when several are configured. */
    Optional<String> source();

    /** How long a name is used before it is read again (a renamed client shows its new name after this). */
    @WithDefault("1h")
    Duration ttl();

    /** Names kept at most (about 200 bytes each); the least recently shown go first. */
    @WithDefault("100000")
    int maxEntries();

    /** Ids per request to Odoo. */
    @WithDefault("200")
    int batch();

    /** How often the names pages asked for are read from Odoo. */
    @WithDefault("2s")
    Duration fetchEvery();

    /** How long one request may take: a page waits for it when it shows a record not named yet. */
    @WithDefault("2s")
    Duration timeout();

    /** Longest pause after Odoo failed to answer. */
    @WithDefault("5m")
    Duration maxBackoff();

    /** Currency code shown with amounts whose record names none (events from sources other than Odoo invoices). */
    Optional<String> defaultCurrency();
}
