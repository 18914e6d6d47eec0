package io.handoff.event;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Event types of the firm's own, beside the built-in ones: {@code handoff.events.types.<name>.*}. A declared type is
 * accepted on every door (CloudEvents over HTTP and Kafka, Odoo rules' {@code emit}) and can start, stop or void an
 * SLA's clock.
 */
@ConfigMapping(prefix = "handoff.events")
public interface EventTypesConfig {
    /** Types by a name of your choice: {@code handoff.events.types.<name>.*}. */
    Map<String, Type> types();

    interface Type {
        /** The CloudEvents {@code type} value, dot-separated lower-case words, e.g. {@code project.activated}. */
        String type();

        /**
         * Which flow an event of this type belongs to: {@code subject} (the business object it names, e.g.
         * {@code project.project/12}) or {@code correlation} (its {@code correlationid}).
         */
        Optional<String> anchor();

        /**
         * The link an event of this type sets on its flow, to the object named by the {@code data} member of the same
         * name (e.g. {@code invoice}: {@code data.invoice = "account.move/7718"}).
         */
        Optional<String> setsLink();

        /** The link an event of this type clears on its flow (e.g. {@code invoice}, when time is taken off one). */
        Optional<String> clearsLink();
    }

    /** Makes the configured types known; an error names the key of the type it cannot take. */
    static List<EventType> declare(EventTypesConfig config) {
        List<EventType> declared = new java.util.ArrayList<>();
        // in the order of their wire names (ties between events at one instant are broken by type order: renaming a
        // configuration key must not change it)
        List<Map.Entry<String, Type>> byWireName =
                new java.util.ArrayList<>(config.types().entrySet());
        byWireName.sort(java.util.Comparator.comparing(
                        (Map.Entry<String, Type> e) -> e.getValue().type())
                .thenComparing(Map.Entry::getKey));
        byWireName.forEach(entry -> {
            String name = entry.getKey();
            Type t = entry.getValue();
            String key = "handoff.events.types." + name;
            String anchorText = t.anchor().orElse("subject").toLowerCase(Locale.ROOT);
            EventType.Anchor anchor = switch (anchorText) {
                case "subject" -> EventType.Anchor.SUBJECT;
                case "correlation" -> EventType.Anchor.CORRELATION;
                default ->
                    throw new IllegalArgumentException(key + ".anchor: expected subject or correlation, got '"
                            + t.anchor().orElse("") + "'");
            };
            if (t.setsLink().isPresent() && t.clearsLink().isPresent()) {
                throw new IllegalArgumentException(key + ": a type sets a link or clears one, not both");
            }
            EventType.LinkEffect effect = t.setsLink().isPresent()
                    ? EventType.LinkEffect.SET
                    : t.clearsLink().isPresent() ? EventType.LinkEffect.CLEAR : EventType.LinkEffect.NONE;
            String link = t.setsLink().or(t::clearsLink).orElse(null);
            try {
                declared.addAll(EventType.declare(List.of(new EventType.Declaration(t.type(), anchor, link, effect))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ".type: " + e.getMessage(), e);
            }
        });
        return declared;
    }
}
