package io.handoff.api;

import io.handoff.engine.FlowView;
import io.handoff.record.Page;
import io.handoff.sla.ClockState;
import io.handoff.store.FlowQuery;
import io.handoff.store.FlowRecord;
import io.handoff.store.FlowStore;
import io.handoff.web.Access;
import io.handoff.web.Problem;
import io.handoff.web.ProblemException;
import io.handoff.web.ProblemType;
import io.handoff.web.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Flows: one flow's timeline (live from the engine, or from the store once the engine no longer holds
 * it) and a search over the stored flows, paged with an opaque {@code after} cursor.
 */
@Path("/api/v1/flows")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class FlowsResource {
    private static final List<String> STATES =
            Arrays.stream(ClockState.values()).map(ClockState::label).toList();

    private final Access access;
    private final EngineQueries engine;
    private final FlowStore store;
    private final InstantSource clock;
    private final GroupRequests owners;

    public FlowsResource(
            Access access, EngineQueries engine, FlowStore store, InstantSource clock, GroupRequests owners) {
        this.owners = owners;
        this.access = access;
        this.engine = engine;
        this.store = store;
        this.clock = clock;
    }

    /** The flow timeline as the API shows it. {@code live} is false when it comes from the store. */
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
            int eventCount,
            List<Event> events,
            List<Clock> slas,
            List<ChainStages> chains,
            boolean live,
            String asOf) {}

    /**
     * A chain of SLAs this flow starts, as far as it got: end to end and per stage in wall-clock seconds, each stage
     * with the flow it ran on and its share of the time so far.
     */
    public record ChainStages(String chain, String start, String stop, double elapsedSeconds, List<Stage> stages) {}

    public record Stage(String sla, String flow, String start, String stop, double elapsedSeconds, double share) {}

    public record Event(
            String time,
            String receivedAt,
            String type,
            String source,
            String id,
            String correlationId,
            String link,
            Double hours,
            Double amount) {}

    /** One SLA clock; {@code maintenance}: the maintenance window that paused it or excluded its outcome, if any. */
    public record Clock(
            String sla,
            String state,
            String start,
            String atRiskAt,
            String due,
            String stop,
            double elapsedSeconds,
            String maintenance) {}

    /** One flow in a search result: no timeline, see the flow itself for that. */
    public record Summary(
            String key,
            String anchor,
            String client,
            String project,
            String group,
            Double hours,
            Double amount,
            int eventCount,
            String firstEventAt,
            String lastEventAt,
            boolean open,
            List<Clock> slas,
            String updatedAt) {}

    /** A page of flows, newest activity first; pass {@code next} as {@code after} for the following page. */
    public record FlowPage(List<Summary> flows, long total, String next) {}

    @GET
    @Operation(
            summary = "Search flows",
            description = "Filters: client, project, group (practice), sla, state, open, from/to (ISO-8601; flows "
                    + "with events in the range); size (1-500, default 50); after (cursor from the previous page)")
    public FlowPage search(
            @QueryParam("client") String client,
            @QueryParam("project") String project,
            @QueryParam("group") String group,
            @QueryParam("sla") String sla,
            @QueryParam("state") String state,
            @QueryParam("open") Boolean open,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("size") Integer size,
            @QueryParam("after") String after,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey) {
        access.require(Role.READER, Access.presented(authorization, apiKey));
        if (state != null && !STATES.contains(state)) {
            throw new ProblemException(ProblemType.INVALID_QUERY, "state must be one of " + STATES);
        }
        FlowQuery query = Queries.build(() -> new FlowQuery(
                client,
                project,
                group,
                sla,
                state,
                open,
                Queries.instant("from", from),
                Queries.instant("to", to),
                Queries.size(size),
                after));
        Page<FlowRecord> page = Queries.run(() -> store.searchFlows(query));
        return new FlowPage(page.items().stream().map(FlowsResource::summary).toList(), page.total(), page.next());
    }

    @GET
    @Path("/{key: .+}")
    @Operation(
            summary = "A flow's timeline",
            description = "key: an object ref (account.analytic.line/4711) or a correlation id")
    public Timeline flow(
            @PathParam("key") String key,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey,
            @HeaderParam(GroupRequests.FORWARDED) String forwarded) {
        access.require(Role.READER, Access.presented(authorization, apiKey));
        Instant now = clock.instant();
        Optional<FlowView> held = engine.answer(engine.reads().flow(key, now));
        if (held.isPresent() && held.get().owned()) {
            FlowView view = held.get();
            return timeline(FlowRecord.of(view, now, 0), chains(view.chains(), now), true);
        }
        // Another instance owns it (Kafka): its owner's answer, asked by the flow's own key when a context copy here
        // resolved a correlation id to it.
        GroupRequests.FromOwner fromOwner =
                owners.flow(held.map(FlowView::key).orElse(key), authorization, apiKey, forwarded);
        if (fromOwner.asked() == GroupRequests.Asked.ANSWERED) {
            return fromOwner.timeline();
        }
        // Never the context copy (its clocks are not the owner's): the store's record, as its owner last wrote it.
        Optional<FlowRecord> stored = Queries.run(() -> store.flow(key));
        if (stored.isPresent()) {
            return timeline(stored.get(), List.of(), false);
        }
        if (held.isPresent() || fromOwner.asked() == GroupRequests.Asked.SILENT) {
            throw new ProblemException(
                    ProblemType.UNAVAILABLE,
                    "flow '" + key + "' is owned by another instance of the group, which could not be asked now (a"
                            + " rebalance, or it stopped), and the store holds no record of it yet; retry within the"
                            + " group's session timeout");
        }
        throw new ProblemException(ProblemType.NOT_FOUND, "no flow with key or correlation id '" + key + "'");
    }

    static List<ChainStages> chains(List<io.handoff.sla.ChainClock> clocks, Instant now) {
        List<ChainStages> chains = new java.util.ArrayList<>();
        for (io.handoff.sla.ChainClock c : clocks) {
            double total = c.elapsed(now).toMillis() / 1000.0;
            List<Stage> stages = c.stages().stream()
                    .map(s -> {
                        double elapsed = s.elapsed(now).toMillis() / 1000.0;
                        return new Stage(
                                s.sla(),
                                s.flowKey(),
                                text(s.start()),
                                text(s.stop()),
                                elapsed,
                                total == 0 ? 0 : elapsed / total);
                    })
                    .toList();
            chains.add(new ChainStages(c.chain(), text(c.start()), text(c.stop()), total, stages));
        }
        return chains;
    }

    static Timeline timeline(FlowRecord f, List<ChainStages> chains, boolean live) {
        return new Timeline(
                f.key(),
                f.anchor(),
                f.client(),
                f.project(),
                f.group(),
                f.hours(),
                f.amount(),
                f.links(),
                f.linkedFrom(),
                f.correlationIds(),
                f.eventCount(),
                f.timeline().stream().map(FlowsResource::event).toList(),
                f.slas().stream().map(FlowsResource::clock).toList(),
                chains,
                live,
                f.updatedAt().toString());
    }

    static Summary summary(FlowRecord f) {
        return new Summary(
                f.key(),
                f.anchor(),
                f.client(),
                f.project(),
                f.group(),
                f.hours(),
                f.amount(),
                f.eventCount(),
                text(f.firstEventAt()),
                text(f.lastEventAt()),
                f.open(),
                f.slas().stream().map(FlowsResource::clock).toList(),
                text(f.updatedAt()));
    }

    private static Event event(FlowRecord.Step s) {
        return new Event(
                text(s.time()),
                text(s.receivedAt()),
                s.type(),
                s.source(),
                s.id(),
                s.correlationId(),
                s.link(),
                s.hours(),
                s.amount());
    }

    private static Clock clock(FlowRecord.Clock c) {
        return new Clock(
                c.sla(),
                c.state(),
                text(c.start()),
                text(c.atRiskAt()),
                text(c.due()),
                text(c.stop()),
                c.elapsedSeconds(),
                c.maintenance());
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
