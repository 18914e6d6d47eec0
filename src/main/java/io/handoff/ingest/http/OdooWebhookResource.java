package io.handoff.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.event.BusinessEvent;
import io.handoff.ingest.Candidate;
import io.handoff.ingest.IngestConfig;
import io.handoff.ingest.IngestObserver;
import io.handoff.ingest.Intake;
import io.handoff.ingest.Verdict;
import io.handoff.ingest.odoo.OdooSnapshotMapper;
import io.handoff.web.Access;
import io.handoff.web.Caller;
import io.handoff.web.Problem;
import io.handoff.web.ProblemException;
import io.handoff.web.ProblemType;
import io.handoff.web.RequestBodies;
import io.handoff.web.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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
 * Odoo's "Send Webhook Notification" body, exactly as Odoo sends it. Odoo cannot add headers, so
 * the source's key comes as {@code ?token=}. Odoo waits 1 s at most and never retries: the body is
 * mapped and queued, and the answer goes out without waiting for correlation.
 */
@Path("/api/v1/odoo/webhook/{source}")
public class OdooWebhookResource {
    private final Access access;
    private final OdooSnapshotMapper mapper;
    private final Intake intake;
    private final IngestObserver observer;
    private final ObjectMapper json;
    private final InstantSource clock;
    private final int maxBodyBytes;

    public OdooWebhookResource(
            Access access,
            OdooSnapshotMapper mapper,
            Intake intake,
            IngestObserver observer,
            ObjectMapper json,
            InstantSource clock,
            IngestConfig config) {
        this.access = access;
        this.mapper = mapper;
        this.intake = intake;
        this.observer = observer;
        this.json = json;
        this.clock = clock;
        this.maxBodyBytes = config.maxBodyBytes();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Receive an Odoo automation-rule webhook",
            description = "202 with the events derived from the record snapshot")
    public Response receive(@PathParam("source") String source, @QueryParam("token") String token, byte[] body) {
        Caller caller = access.require(Role.WEBHOOK, token);
        if (!caller.source().equals(source)) {
            // Same answer as a wrong token: the URL must not reveal which sources exist.
            throw new ProblemException(ProblemType.UNAUTHORIZED, "the token is not valid for this webhook URL");
        }
        JsonNode node = RequestBodies.json(json, body, maxBodyBytes);
        OdooSnapshotMapper.Mapped mapped = mapper.map(node, source, clock.instant());
        // A metric label: only the models some rule maps, so a sender cannot grow the label set.
        String model = mapped.model() == null ? "invalid" : mapper.maps(mapped.model()) ? mapped.model() : "other";
        if (mapped.rejected()) {
            observer.snapshot(source, model, "rejected");
            intake.submit(source, List.of(Candidate.rejected(mapped.rejection(), null, "odoo/" + source)));
            throw new ProblemException(RejectionProblems.of(mapped.rejection()));
        }
        List<Candidate> candidates = new ArrayList<>();
        for (BusinessEvent event : mapped.events()) {
            candidates.add(Candidate.of(event));
        }
        List<Verdict> verdicts = intake.submit(source, candidates);
        observer.snapshot(source, model, candidates.isEmpty() ? "nothing" : "mapped");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("model", mapped.model());
        answer.put(
                "events",
                verdicts.stream()
                        .map(v -> Map.of(
                                "id",
                                v.id(),
                                "type",
                                candidates.get(v.index()).type(),
                                "status",
                                v.status().name().toLowerCase(Locale.ROOT)))
                        .toList());
        return Response.accepted(answer).build();
    }
}
