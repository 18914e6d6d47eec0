package io.handoff.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.handoff.web.AccessConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupKeyTest {
    private static final String SECRET = "group-reader-key-0123456789";

    @Test
    void aKeyNamedIsWhatTheGroupIsAskedWith() {
        GroupKey key = groupKey(Map.of("handoff.console.group-key", "console"));

        assertThat(key.authorization()).contains("Bearer " + SECRET);
        assertThat(key.toString()).doesNotContain(SECRET);
    }

    @Test
    void noKeyNamedAsksNobody() {
        assertThat(groupKey(Map.of()).authorization()).isEmpty();
    }

    @Test
    void aNameThatIsNoConfiguredKeyStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> groupKey(Map.of("handoff.console.group-key", "consol")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("handoff.console.group-key")
                .hasMessageContaining("'consol'")
                .hasMessageContaining("[console]")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void anOperatorKeyIsRefused() {
        assertThatThrownBy(() -> groupKey(Map.of(
                        "handoff.console.group-key", "ops",
                        "handoff.access.keys.ops.key", "operator-key-0123456789",
                        "handoff.access.keys.ops.role", "operator")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("role reader")
                .hasMessageNotContaining("operator-key-0123456789");
    }

    private static GroupKey groupKey(Map<String, String> console) {
        Map<String, String> properties = new HashMap<>(console);
        properties.put("handoff.access.keys.console.key", SECRET);
        properties.put("handoff.access.keys.console.role", "reader");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(ConsoleConfig.class)
                .withMapping(AccessConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return new GroupKey(config.getConfigMapping(ConsoleConfig.class), config.getConfigMapping(AccessConfig.class));
    }
}
