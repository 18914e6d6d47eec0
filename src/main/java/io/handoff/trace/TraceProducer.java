package io.handoff.trace;

import io.handoff.engine.FlowJournal;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Builds the flow tracer when {@code handoff.traces.enabled}; a journal that does nothing otherwise. */
@ApplicationScoped
public class TraceProducer {
    private static final Logger LOG = Logger.getLogger(TraceProducer.class);

    private SpanShipper shipper;

    @Produces
    @Singleton
    FlowJournal flowTracer(TraceConfig config, TraceObserver observer) {
        if (!config.enabled()) {
            return FlowJournal.NONE;
        }
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(config.endpoint().toString())
                .setTimeout(config.exportTimeout())
                .build();
        Resource resource = Resource.getDefault()
                .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), config.serviceName())));
        shipper = new SpanShipper(exporter, observer, config.queueFlows(), config.batchSpans(), config.exportTimeout());
        LOG.info("flows are exported as traces to " + config.endpoint());
        return new FlowTracer(new FlowSpans(resource), shipper, config.maxTracked(), config.openFlowEvery());
    }

    @jakarta.annotation.PreDestroy
    void close() {
        if (shipper != null) {
            shipper.close();
        }
    }
}
