package io.handoff.api;

import io.handoff.correlate.FlowEntry;
import io.handoff.engine.FlowView;
import io.handoff.sla.SlaClock;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** One flow's timeline: its events in event-time order, its links and its SLA clocks. */
@Path("/api/v1/flows")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class FlowsResource {
    private final Access access;
    private final EngineQueries engine;
    private final InstantSource clock;

    public FlowsResource(Access access, EngineQueries engine, InstantSource clock) {
        this.access = access;
        this.engine = engine;
        this.clock = clock;
    }

    /** The flow timeline as the API shows it. */
    public record Timeline(
            String key,
            String anchor,
            String client,
            String project,
            String group,
            Double hours,
            Double amount,
            Map<String, String> links,
            List<String> linkedFrom,
            List<String> correlationIds,
            List<Event> events,
            List<Clock> slas) {}

    public record Event(String time, String receivedAt, String type, String source, String id, String correlationId, String link, Double hours, Double amount) {}

    public record Clock(String sla, String state, String start, String atRiskAt, String due, String stop, double elapsedSeconds) {}

    @GET
    @Path("/{key: .+}")
    @Operation(summary = "A flow's timeline", description = "key: an object ref (account.analytic.line/4711) or a correlation id")
    public Timeline flow(
            @PathParam("key") String key, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam("X-API-Key") String apiKey) {
        access.require(Role.READER, Access.presented(authorization, apiKey));
        FlowView view = engine.ask(e -> e.find(key, clock.instant()))
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "no flow with key or correlation id '" + key + "'"));
        return timeline(view);
    }

    static Timeline timeline(FlowView view) {
        Map<String, String> links = new LinkedHashMap<>();
        view.links().forEach((name, ref) -> links.put(name, ref.key()));
        return new Timeline(
                view.key(),
                view.anchor().name().toLowerCase(java.util.Locale.ROOT),
                view.client(),
                view.project(),
                view.group(),
                view.hours(),
                view.amount(),
                links,
                view.linkedFrom(),
                view.correlationIds(),
                view.events().stream().map(FlowsResource::event).toList(),
                view.clocks().stream().map(FlowsResource::clock).toList());
    }

    private static Event event(FlowEntry e) {
        return new Event(
                e.time().toString(),
                e.receivedAt().toString(),
                e.type().wireName(),
                e.source(),
                e.id(),
                e.correlationId(),
                e.facts().link() == null ? null : e.facts().link().key(),
                e.facts().hours(),
                e.facts().amount());
    }

    private static Clock clock(SlaClock c) {
        return new Clock(
                c.sla(),
                c.state().label(),
                c.start().toString(),
                c.atRiskAt().toString(),
                c.due().toString(),
                c.stop() == null ? null : c.stop().toString(),
                c.elapsed().toMillis() / 1000.0);
    }
}
