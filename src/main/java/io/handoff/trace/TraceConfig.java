package io.handoff.trace;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/** Business flows as traces ({@code handoff.traces.*}). */
@ConfigMapping(prefix = "handoff.traces")
public interface TraceConfig {
    /** Export flows as traces. */
    @WithDefault("false")
    boolean enabled();

    /** OTLP/HTTP traces endpoint (protobuf). */
    @WithDefault("http://localhost:4318/v1/traces")
    URI endpoint();

    /** {@code service.name} of the flow traces' resource. */
    @WithDefault("handoff-flows")
    String serviceName();

    /** Flows waiting to be exported, at most; beyond it new ones are dropped and counted (ingestion never waits). */
    @WithDefault("10000")
    int queueFlows();

    /** Spans per export request, about. */
    @WithDefault("512")
    int batchSpans();

    /** One export request may take this long. */
    @WithDefault("10s")
    Duration exportTimeout();

    /** Flows that stay open are exported again this often (their root span ends at the time of export). */
    @WithDefault("1h")
    Duration openFlowEvery();

    /** Flows remembered as exported (closed or breached), so each state is exported once. */
    @WithDefault("100000")
    int maxTracked();
}
