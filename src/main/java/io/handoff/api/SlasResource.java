package io.handoff.api;

import io.handoff.forecast.BreachForecaster;
import io.handoff.sla.ClockState;
import io.handoff.sla.SlaTally;
import io.handoff.web.Access;
import io.handoff.web.Problem;
import io.handoff.web.ProblemException;
import io.handoff.web.ProblemType;
import io.handoff.web.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Current status of every SLA: definition, open clocks by state, outcomes and attainment. */
@Path("/api/v1/slas")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class SlasResource {
    private final Access access;
    private final EngineQueries engine;
    private final BreachForecaster forecaster;

    public SlasResource(Access access, EngineQueries engine, BreachForecaster forecaster) {
        this.access = access;
        this.engine = engine;
        this.forecaster = forecaster;
    }

    /** Open clocks likely to breach, as of the last scoring (every handoff.forecast.every). */
    public record LikelyToBreach(List<BreachForecaster.Likely> flows) {}

    @GET
    @Path("/likely-to-breach")
    @Operation(
            summary = "Open flows likely to breach",
            description = "Open SLA clocks not yet breached whose breach probability, learned from "
                    + "this SLA's completion times and the clock's working time so far, is at or above handoff.forecast.threshold; most likely first. "
                    + "Filter: sla; size (1-500, default 50).")
    public LikelyToBreach likelyToBreach(
            @QueryParam("sla") String sla,
            @QueryParam("size") Integer size,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey) {
        access.require(Role.READER, Access.presented(authorization, apiKey));
        int limit = Queries.size(size);
        if (limit < 1 || limit > 500) {
            throw new ProblemException(ProblemType.INVALID_QUERY, "size must be between 1 and 500");
        }
        return new LikelyToBreach(forecaster.likely().stream()
                .filter(l -> sla == null || sla.equals(l.sla()))
                .limit(limit)
                .toList());
    }

    public record SlaStatus(
            String id,
            String description,
            String startsOn,
            String stopsOn,
            String join,
            String voidedBy,
            String target,
            String calendar,
            double objective,
            double atRiskAt,
            long onTrack,
            long atRisk,
            long breachedOpen,
            long met,
            long breached,
            long revisions,
            Double attainment,
            boolean meetingObjective) {}

    @GET
    @Operation(summary = "Status of every SLA since start")
    public List<SlaStatus> slas(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam("X-API-Key") String apiKey) {
        access.require(Role.READER, Access.presented(authorization, apiKey));
        return engine.answer(engine.reads().tallies()).stream()
                .map(SlasResource::status)
                .toList();
    }

    private static SlaStatus status(SlaTally t) {
        var sla = t.sla();
        return new SlaStatus(
                sla.id(),
                sla.description(),
                sla.startsOn().wireName(),
                sla.stopsOn().wireName(),
                sla.join().toString(),
                sla.voidedBy() == null ? null : sla.voidedBy().wireName(),
                sla.target().toString(),
                sla.workingTime().toString(),
                sla.objective(),
                sla.atRiskRatio(),
                t.open().get(ClockState.ON_TRACK),
                t.open().get(ClockState.AT_RISK),
                t.open().get(ClockState.BREACHED),
                t.met(),
                t.breached(),
                t.revisions(),
                t.attainment(),
                t.attainment() == null || t.attainment() >= sla.objective());
    }
}
