package io.handoff.testing;

import io.handoff.sla.SlaCatalog;
import io.handoff.sla.SlaCatalogs;
import io.handoff.sla.SlaConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/** The SLAs shipped in application.properties, read without Quarkus. */
public final class ShippedConfig {
    private ShippedConfig() {}

    public static SlaCatalog slas() {
        try {
            var source = new PropertiesConfigSource(ShippedConfig.class.getResource("/application.properties"), 100);
            var config = new SmallRyeConfigBuilder()
                    .withMapping(SlaConfig.class)
                    .withConverter(Duration.class, 100, new DurationConverter())
                    .withSources(source)
                    .build();
            return SlaCatalogs.from(config.getConfigMapping(SlaConfig.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
