package io.handoff.ingest.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.ingest.Candidate;
import io.handoff.ingest.EdgeRules;
import io.handoff.ingest.IngestConfig;
import io.handoff.ingest.IngestGate;
import io.handoff.ingest.Intake;
import io.handoff.ingest.Rejection;
import io.handoff.ingest.Verdict;
import io.handoff.ingest.cloudevents.BinaryMode;
import io.handoff.ingest.cloudevents.CloudEventReader;
import io.handoff.web.Access;
import io.handoff.web.Caller;
import io.handoff.web.Problem;
import io.handoff.web.ProblemException;
import io.handoff.web.ProblemType;
import io.handoff.web.RequestBodies;
import io.handoff.web.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * CloudEvents 1.0 over HTTP in all three content modes: structured ({@code application/cloudevents+json}),
 * binary ({@code ce-*} headers, the body is the data) and batched ({@code application/cloudevents-batch+json}).
 * Authenticated by the source's API key.
 */
@Path("/api/v1/events")
public class EventsResource {
    static final String SINGLE = "application/cloudevents+json";
    static final String BATCH = "application/cloudevents-batch+json";
    private static final MediaType CE_SINGLE = MediaType.valueOf(SINGLE);

    private final Access access;
    private final CloudEventReader reader;
    private final Intake intake;
    private final ObjectMapper mapper;
    private final InstantSource clock;
    private final IngestConfig limits;
    private final IngestGate gate;

    public EventsResource(
            Access access,
            CloudEventReader reader,
            Intake intake,
            ObjectMapper mapper,
            InstantSource clock,
            IngestConfig config,
            IngestGate gate) {
        this.gate = gate;
        this.access = access;
        this.reader = reader;
        this.intake = intake;
        this.mapper = mapper;
        this.clock = clock;
        this.limits = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Submit one CloudEvent",
            description =
                    "Structured mode (application/cloudevents+json or application/json) or binary mode (ce-* headers, the body is "
                            + "data of any media type). 202 accepted, 200 duplicate, 4xx problem+json when invalid, 503 when the buffer is full")
    public Response single(byte[] body, @Context HttpHeaders headers) {
        Caller caller = access.require(
                Role.INGEST,
                Access.presented(
                        headers.getHeaderString(HttpHeaders.AUTHORIZATION), headers.getHeaderString("X-API-Key")));
        String traceparent = headers.getHeaderString("traceparent");
        JsonNode event = binary(headers) ? binaryEvent(headers, body) : null;
        if (event == null && !structured(headers.getMediaType())) {
            throw new ProblemException(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "a CloudEvent is sent as " + SINGLE + " (structured mode), "
                            + BATCH
                            + " (batched), or with ce-specversion and the other ce-* headers (binary mode, any content type); got "
                            + EdgeRules.shown(headers.getMediaType()) + " without ce-* headers");
        }
        // The bulkhead guards parsing and admission (CPU); waiting for the store happens outside it.
        Intake.Admission admission = gate.through(() -> admitSingle(caller, event, body, traceparent));
        Verdict verdict = admission.await().get(0);
        return switch (verdict.status()) {
            case ACCEPTED -> Response.accepted(result(verdict)).build();
            case DUPLICATE -> Response.ok(result(verdict)).build();
            case REJECTED -> throw new ProblemException(RejectionProblems.of(verdict.rejection()));
        };
    }

    private Intake.Admission admitSingle(Caller caller, JsonNode binaryEvent, byte[] body, String traceparent) {
        JsonNode node = binaryEvent != null ? binaryEvent : RequestBodies.json(mapper, body, limits.maxBodyBytes());
        return intake.admit(
                caller.source(),
                List.of(allowed(caller, reader.read(node, caller.source(), clock.instant(), "", traceparent), "")));
    }

    /**
     * Binary mode: a {@code ce-specversion} header, and the content type is the data's (application/json included);
     * only {@code application/cloudevents+json} says structured mode when both are there.
     */
    private static boolean binary(HttpHeaders headers) {
        MediaType type = headers.getMediaType();
        return headers.getHeaderString("ce-specversion") != null && (type == null || !type.isCompatible(CE_SINGLE));
    }

    private static boolean structured(MediaType type) {
        return type != null && (type.isCompatible(CE_SINGLE) || type.isCompatible(MediaType.APPLICATION_JSON_TYPE));
    }

    private JsonNode binaryEvent(HttpHeaders headers, byte[] body) {
        if (body != null && body.length > limits.maxBodyBytes()) {
            throw new ProblemException(
                    ProblemType.BODY_TOO_LARGE,
                    "the body has " + body.length + " bytes; at most " + limits.maxBodyBytes()
                            + " are accepted (handoff.ingest.max-body-bytes)");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> {
            if (name.regionMatches(true, 0, "ce-", 0, 3) && name.length() > 3 && !values.isEmpty()) {
                // HTTP header names are case-insensitive; attribute names are lower case.
                attributes.put(name.substring(3).toLowerCase(Locale.ROOT), values.get(values.size() - 1));
            }
        });
        MediaType type = headers.getMediaType();
        try {
            return BinaryMode.structured(mapper, attributes, type == null ? null : type.toString(), body, true);
        } catch (BinaryMode.UnreadableData e) {
            throw new ProblemException(Problem.about(ProblemType.MALFORMED_JSON, "/data", e.getMessage()));
        }
    }

    @POST
    @Consumes(BATCH)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Submit a batch of CloudEvents",
            description = "200 with one result per event; a bad event never sinks the good ones")
    public Response batch(
            byte[] body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey,
            @HeaderParam("traceparent") String traceparent) {
        Caller caller = access.require(Role.INGEST, Access.presented(authorization, apiKey));
        List<Verdict> verdicts =
                gate.through(() -> admitBatch(caller, body, traceparent)).await();
        List<EventResult> results = new ArrayList<>(verdicts.size());
        verdicts.forEach(v -> results.add(result(v)));
        return Response.ok(new BatchResult(
                        count(verdicts, Verdict.Status.ACCEPTED),
                        count(verdicts, Verdict.Status.DUPLICATE),
                        count(verdicts, Verdict.Status.REJECTED),
                        results))
                .build();
    }

    private Intake.Admission admitBatch(Caller caller, byte[] body, String traceparent) {
        JsonNode node = RequestBodies.json(mapper, body, limits.maxBodyBytes());
        if (!node.isArray()) {
            throw new ProblemException(ProblemType.INVALID_EVENT, "a batch must be a JSON array of CloudEvents");
        }
        if (node.size() > limits.maxBatchEvents()) {
            throw new ProblemException(
                    ProblemType.BODY_TOO_LARGE,
                    "the batch has " + node.size() + " events; at most " + limits.maxBatchEvents()
                            + " are accepted (handoff.ingest.max-batch-events)");
        }
        var now = clock.instant();
        List<Candidate> candidates = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            candidates.add(
                    allowed(caller, reader.read(node.get(i), caller.source(), now, "/" + i, traceparent), "/" + i));
        }
        return intake.admit(caller.source(), candidates);
    }

    /** A valid event whose source the caller may not claim is refused like an invalid one. */
    private static Candidate allowed(Caller caller, Candidate candidate, String at) {
        if (candidate.event() == null || caller.maySend(candidate.event().source())) {
            return candidate;
        }
        return Candidate.rejected(
                new Rejection(
                        "forbidden-source",
                        at + "/source",
                        "key '" + caller.name() + "' may not send events of source "
                                + EdgeRules.shown(candidate.event().source()) + " (handoff.sources." + caller.name()
                                + ".allowed-sources)"),
                candidate.id(),
                candidate.source());
    }

    /** The answer to a batch: counts, then one result per event in the order sent. */
    public record BatchResult(long accepted, long duplicates, long rejected, List<EventResult> results) {}

    /** What became of one event; {@code problem} only when rejected. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventResult(int index, String id, String source, String status, Problem problem) {}

    private static long count(List<Verdict> verdicts, Verdict.Status status) {
        return verdicts.stream().filter(v -> v.status() == status).count();
    }

    static EventResult result(Verdict verdict) {
        return new EventResult(
                verdict.index(),
                verdict.id(),
                verdict.source(),
                verdict.status().name().toLowerCase(Locale.ROOT),
                verdict.rejection() == null ? null : RejectionProblems.of(verdict.rejection()));
    }
}
