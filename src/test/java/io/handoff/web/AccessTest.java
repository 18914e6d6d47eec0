package io.handoff.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessTest {
    private static final Map<String, String> KEYS = Map.of(
            "handoff.sources.odoo-prod.api-key", "odoo-secret-token-123",
            "handoff.access.keys.alice.key", "alice-reader-key-123",
            "handoff.access.keys.alice.role", "reader",
            "handoff.access.keys.bob.key", "bob-operator-key-123",
            "handoff.access.keys.bob.role", "operator");

    private static Access access(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(SourcesConfig.class)
                .withMapping(AccessConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return Access.from(config.getConfigMapping(SourcesConfig.class), config.getConfigMapping(AccessConfig.class));
    }

    private final Access access = access(KEYS);

    @Test
    void eachKeyIdentifiesItsHolder() {
        assertThat(access.identify("odoo-secret-token-123"))
                .isEqualTo(new Caller("odoo-prod", Role.INGEST, "odoo-prod"));
        assertThat(access.identify("alice-reader-key-123").role()).isEqualTo(Role.READER);
        assertThat(access.identify("bob-operator-key-123").role()).isEqualTo(Role.OPERATOR);
        assertThat(access.identify("alice-reader-key-12")).isNull();
        assertThat(access.identify("")).isNull();
        assertThat(access.identify(null)).isNull();
    }

    @Test
    void rolesAllowOnlyWhatTheyMust() {
        assertThat(access.require(Role.READER, "bob-operator-key-123").name()).isEqualTo("bob");
        assertThatThrownBy(() -> access.require(Role.OPERATOR, "alice-reader-key-123"))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.problem().status()).isEqualTo(403));
        assertThatThrownBy(() -> access.require(Role.READER, "odoo-secret-token-123"))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.problem().status()).isEqualTo(403));
        assertThatThrownBy(() -> access.require(Role.INGEST, "nope-nope-nope-nope"))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.problem().status()).isEqualTo(401));
    }

    @Test
    void refusalsNeverEchoTheKey() {
        assertThatThrownBy(() -> access.require(Role.INGEST, "a-wrong-secret-value"))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.problem().detail()).doesNotContain("a-wrong-secret-value"));
    }

    @Test
    void shortKeysAreRefusedAtStartupNamingTheKey() {
        Map<String, String> properties = new HashMap<>(KEYS);
        properties.put("handoff.access.keys.alice.key", "short");
        assertThatThrownBy(() -> access(properties))
                .hasMessageContaining("handoff.access.keys.alice.key")
                .hasMessageNotContaining("short\"");
    }

    @Test
    void aKeyUsedTwiceIsRefused() {
        Map<String, String> properties = new HashMap<>(KEYS);
        properties.put("handoff.access.keys.bob.key", "alice-reader-key-123");
        assertThatThrownBy(() -> access(properties)).hasMessageContaining("twice");
    }

    @Test
    void anUnknownRoleIsRefused() {
        Map<String, String> properties = new HashMap<>(KEYS);
        properties.put("handoff.access.keys.bob.role", "admin");
        assertThatThrownBy(() -> access(properties)).hasMessageContaining("handoff.access.keys.bob.role");
    }

    @Test
    void theBearerSchemeIsCaseInsensitiveAndXApiKeyWorksToo() {
        assertThat(Access.presented("bearer abc", null)).isEqualTo("abc");
        assertThat(Access.presented("Bearer  abc ", null)).isEqualTo("abc");
        assertThat(Access.presented(null, "xyz")).isEqualTo("xyz");
        assertThat(Access.presented("Basic Zm9v", "xyz")).isEqualTo("xyz");
    }

    @Test
    void aWebhookTokenOpensOnlyItsWebhookAndAnIngestKeyOnlyTheEventsDoor() {
        Map<String, String> keys = new HashMap<>(KEYS);
        keys.put("handoff.sources.odoo-prod.kind", "odoo-webhook");
        keys.put("handoff.sources.esb.api-key", "esb-secret-key-00001");
        keys.put("handoff.sources.esb.allowed-sources", "esb/,mw://");
        Access scoped = access(keys);
        assertThat(scoped.require(Role.WEBHOOK, "odoo-secret-token-123").source())
                .isEqualTo("odoo-prod");
        assertThatThrownBy(() -> scoped.require(Role.INGEST, "odoo-secret-token-123"))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.problem().status()).isEqualTo(403));
        assertThatThrownBy(() -> scoped.require(Role.WEBHOOK, "esb-secret-key-00001"))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.problem().status()).isEqualTo(403));
        Caller esb = scoped.require(Role.INGEST, "esb-secret-key-00001");
        assertThat(esb.maySend("esb/orders")).isTrue();
        assertThat(esb.maySend("mw://eu")).isTrue();
        assertThat(esb.maySend("timetracker://x")).isFalse();
        assertThat(esb.maySend("odoo/odoo-prod")).isFalse();
        assertThat(new Caller("any", Role.INGEST, "any").maySend("odoo/odoo-prod"))
                .as("odoo/ is Odoo's own")
                .isFalse();
        assertThat(new Caller("any", Role.INGEST, "any").maySend("timetracker://x"))
                .isTrue();
    }

    @Test
    void anUnknownKindIsRefusedNamingItsKey() {
        Map<String, String> keys = new HashMap<>(KEYS);
        keys.put("handoff.sources.odoo-prod.kind", "webhook");
        assertThatThrownBy(() -> access(keys)).hasMessageContaining("handoff.sources.odoo-prod.kind");
    }

    @Test
    void theShippedExampleKeysAreKnownSoProdCanRefuseThem() {
        java.util.Set<String> examples = AccessProducer.exampleKeys();
        assertThat(examples)
                .contains("dev-odoo-webhook-token-0001", "test-esb-ingest-key-000001", "dev-operator-key-0000000001");
        Map<String, String> keys = new HashMap<>(KEYS);
        keys.put("handoff.access.keys.carol.key", "dev-operator-key-0000000001");
        keys.put("handoff.access.keys.carol.role", "operator");
        assertThat(access(keys).holderOfAny(examples)).isEqualTo("handoff.access.keys.carol.key");
        assertThat(access(KEYS).holderOfAny(examples)).isNull();
    }
}
