package io.handoff.web;

import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.jboss.logging.Logger;

@ApplicationScoped
public class AccessProducer {
    private static final Logger LOG = Logger.getLogger(AccessProducer.class);

    @Produces
    @Singleton
    Access access(SourcesConfig sources, AccessConfig config) {
        Access access = Access.from(sources, config);
        if (access.isEmpty()) {
            LOG.warn(
                    "No API keys configured (handoff.sources.*.api-key, handoff.access.keys.*): every API request will be refused with 401");
        }
        // .env.example's keys are public too; refusing them would stop the demo stack, so say it loudly instead.
        sources.all().forEach((name, source) -> warnIfExample("handoff.sources." + name + ".api-key", source.apiKey()));
        config.keys().forEach((name, key) -> warnIfExample("handoff.access.keys." + name + ".key", key.key()));
        if (ConfigUtils.getProfiles().contains("prod")) {
            String example = access.holderOfAny(exampleKeys());
            if (example != null) {
                throw new IllegalStateException(
                        example + ": this key is one of the examples shipped in application.properties (dev or test "
                                + "profile), which anyone can read; give it a secret of its own (e.g. openssl rand -hex 24)");
            }
        }
        return access;
    }

    private static void warnIfExample(String configKey, String secret) {
        if (secret != null && secret.contains("change-me")) {
            LOG.warn(configKey + " is still the example of .env.example, which anyone can read: change it");
        }
    }

    /** Every key the shipped application.properties gives its dev and test profiles. */
    static Set<String> exampleKeys() {
        Properties shipped = new Properties();
        try (InputStream in = AccessProducer.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                shipped.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> keys = new HashSet<>();
        shipped.forEach((name, value) -> {
            String n = name.toString();
            if ((n.startsWith("%dev.") || n.startsWith("%test.")) && (n.endsWith(".api-key") || n.endsWith(".key"))) {
                keys.add(value.toString().trim());
            }
        });
        return keys;
    }
}
