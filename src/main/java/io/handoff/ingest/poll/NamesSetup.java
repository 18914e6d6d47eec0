package io.handoff.ingest.poll;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.names.Names;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.InstantSource;
import java.util.function.ToDoubleFunction;
import org.jboss.logging.Logger;

/** Chooses where names come from (a poll source's Odoo API, or nowhere) and reads the pending ones in the background. */
@ApplicationScoped
public class NamesSetup {
    private static final Logger LOG = Logger.getLogger(NamesSetup.class);

    private final Names names;
    private final OdooNames odoo;

    public NamesSetup(
            NamesConfig config, PollConfig poll, ObjectMapper json, InstantSource clock, MeterRegistry registry) {
        String currency = config.defaultCurrency()
                .filter(c -> !c.isBlank())
                .map(String::strip)
                .orElse(null);
        String source = source(config, poll);
        if (source == null) {
            odoo = null;
            names = Names.none(currency);
            return;
        }
        odoo = new OdooNames(
                OdooPolling.api(source, poll.sources().get(source), json, config.timeout()),
                new OdooNames.Settings(
                        config.ttl(),
                        config.maxEntries(),
                        config.batch(),
                        config.maxBackoff(),
                        currency,
                        config.timeout()),
                clock);
        names = odoo;
        LOG.infof("Odoo names: partners, projects, employees and tasks are named from source '%s'", source);
        counter(registry, "found", OdooNames::found);
        counter(registry, "missing", OdooNames::missing);
        counter(registry, "failed", OdooNames::failed);
        Gauge.builder("handoff.odoo.names.cached", odoo, OdooNames::size)
                .description("Odoo record names held in memory")
                .register(registry);
    }

    private static String source(NamesConfig config, PollConfig poll) {
        if (!config.enabled() || poll.sources().isEmpty()) {
            return null;
        }
        if (config.source().isPresent()) {
            String wanted = config.source().get();
            if (!poll.sources().containsKey(wanted)) {
                throw new IllegalArgumentException("handoff.names.source: no poll source '" + wanted
                        + "' (handoff.odoo.poll.sources.<name>); configured: "
                        + poll.sources().keySet());
            }
            return wanted;
        }
        if (poll.sources().size() > 1) {
            LOG.warnf(
                    "Odoo names: several poll sources %s and no handoff.names.source: ids are shown, not names",
                    poll.sources().keySet());
            return null;
        }
        return poll.sources().keySet().iterator().next();
    }

    private void counter(MeterRegistry registry, String result, ToDoubleFunction<OdooNames> count) {
        FunctionCounter.builder("handoff.odoo.names", odoo, count)
                .description("Odoo records looked up by id for their names, by result (missing: not returned by Odoo)")
                .tag("result", result)
                .register(registry);
    }

    @Produces
    @ApplicationScoped
    Names names() {
        return names;
    }

    @Scheduled(
            every = "${handoff.names.fetch-every:2s}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void fetchPending() {
        if (odoo != null) {
            odoo.fetchPending();
        }
    }
}
