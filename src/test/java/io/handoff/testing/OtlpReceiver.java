package io.handoff.testing;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real OTLP/HTTP traces endpoint for tests: accepts {@code POST /v1/traces} with a protobuf
 * {@code ExportTraceServiceRequest}, decodes it with the OpenTelemetry proto classes and keeps the
 * spans (with their resource's {@code service.name}).
 */
public final class OtlpReceiver implements AutoCloseable {
    /** One received span and the service it came from. */
    public record Received(String serviceName, Span span) {}

    private final HttpServer server;
    private final List<Received> spans = new CopyOnWriteArrayList<>();

    public OtlpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body.readAllBytes());
                for (ResourceSpans resource : request.getResourceSpansList()) {
                    String service = resource.getResource().getAttributesList().stream()
                            .filter(a -> a.getKey().equals("service.name"))
                            .map(a -> a.getValue().getStringValue())
                            .findFirst()
                            .orElse(null);
                    for (ScopeSpans scope : resource.getScopeSpansList()) {
                        scope.getSpansList().forEach(span -> spans.add(new Received(service, span)));
                    }
                }
                byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (IOException | RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    public List<Received> spans() {
        return new ArrayList<>(spans);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
