package io.handoff.api;

import io.handoff.forecast.BreachForecaster;
import io.handoff.sla.ChainTally;
import io.handoff.sla.ClockState;
import io.handoff.sla.ComplianceWindow;
import io.handoff.sla.SlaDefinition;
import io.handoff.sla.SlaTally;
import io.handoff.slo.Contributor;
import io.handoff.slo.SloWindows;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/** Current status of every SLA: definition, open clocks by state, outcomes and attainment. */
@Path("/api/v1/slas")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class SlasResource {
    private final Access access;
    private final EngineQueries engine;
    private final SloWindows windows;
    private final InstantSource clock;
    private final GroupSlas slas;

    public SlasResource(Access access, EngineQueries engine, SloWindows windows, InstantSource clock, GroupSlas slas) {
        this.slas = slas;
        this.access = access;
        this.engine = engine;
        this.windows = windows;
        this.clock = clock;
    }

    /** The chains of SLAs declared: what each is made of and where the time goes. */
    public record Chains(List<io.handoff.sla.ChainReport> chains, String asOf) {}

    @GET
    @Path("/chains")
    @Operation(
            summary = "Chains of SLAs, end to end and per stage",
            description = "Per chain declared (handoff.sla.chains.<id>.stages): the flows held that started it,"
                    + " completed and still open; of the completed ones the mean and 90th percentile end-to-end"
                    + " time, and per stage its mean wall-clock time and share of the whole: which step eats the"
                    + " time. A flow's own chains are on GET /api/v1/flows/{key}. With Kafka, every instance answers"
                    + " for the whole group (each adds the flows it owns, GET /api/v1/slas/chains/parts); header"
                    + " Handoff-Unanswered names instances whose part is missing. Reader role.")
    public RestResponse<Chains> chains(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey,
            @HeaderParam(GroupRequests.FORWARDED) String forwarded) {
        access.require(Role.READER, Access.presented(authorization, apiKey));
        Instant now = clock.instant();
        return answered(
                slas.chains(now, authorization, apiKey, forwarded),
                all -> new Chains(all.stream().map(ChainTally::report).toList(), now.toString()));
    }

    /** What one instance adds to a group-wide answer on chains: its tallies, in a form that adds up. */
    public record ChainParts(List<ChainTally> chains) {}

    @GET
    @Path("/chains/parts")
    @Operation(
            summary = "This instance's part of the chains' figures",
            description = "Per chain, over the flows this instance owns: open chains, per stage the summed"
                    + " wall-clock milliseconds, and the completed chains' end-to-end milliseconds in ascending order."
                    + " What GET /api/v1/slas/chains adds up across a Kafka group; of little use alone. Reader role.")
    public ChainParts chainParts(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam("X-API-Key") String apiKey) {
        access.require(Role.READER, Access.presented(authorization, apiKey));
        return new ChainParts(engine.answer(engine.reads().chains(clock.instant())));
    }

    /** An SLA's compliance windows: attainment and error budget per window. */
    public record Windows(String sla, List<SloWindows.Report> windows) {}

    @GET
    @Path("/{id}/windows")
    @Operation(
            summary = "Attainment and error budget per compliance window",
            description = "Without period: every window the SLA declares (handoff.sla.definitions.<id>.windows), as of"
                    + " now. With period: the calendar windows for that period: 2026-11 (month), 2026-Q4 (quarter),"
                    + " 2026-W48 (ISO week), past or current. Exact from the clocks decided in the window: met at"
                    + " their stop, breached when they fell due; the budget is (1 - objective) x decided.")
    public Windows windows(
            @PathParam("id") String id,
            @QueryParam("period") String period,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey) {
        access.require(Role.READER, Access.presented(authorization, apiKey));
        SlaDefinition sla = knownSla(id);
        Instant now = clock.instant();
        if (period == null) {
            return new Windows(id, Queries.run(() -> windows.current(sla, now)));
        }
        List<SloWindows.Report> reports = Queries.run(() -> windows.period(sla, period, now));
        if (reports.isEmpty()) {
            throw new ProblemException(Problem.about(
                    ProblemType.INVALID_QUERY,
                    "/period",
                    "period '" + period + "' is not a period of " + id + "'s calendar windows "
                            + sla.windows().stream().map(ComplianceWindow::name).toList()
                            + ": 2026-11 for a month, 2026-Q4 for a quarter, 2026-W48 for an ISO week, in the years "
                            + ComplianceWindow.FIRST_YEAR + " to " + ComplianceWindow.LAST_YEAR));
        }
        return new Windows(id, reports);
    }

    /** Open clocks likely to breach, as of the last scoring (every handoff.forecast.every). */
    public record LikelyToBreach(List<BreachForecaster.Likely> flows) {}

    @GET
    @Path("/likely-to-breach")
    @Operation(
            summary = "Open flows likely to breach",
            description = "Open SLA clocks not yet breached whose breach probability, learned from "
                    + "this SLA's completion times and the clock's working time so far, is at or above handoff.forecast.threshold; most likely first. "
                    + "Filter: sla; size (1-500, default 50). With Kafka, every instance answers for the whole group"
                    + " (each scores the flows it owns); header Handoff-Unanswered names instances whose part is"
                    + " missing.")
    public RestResponse<LikelyToBreach> likelyToBreach(
            @QueryParam("sla") String sla,
            @QueryParam("size") Integer size,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey,
            @HeaderParam(GroupRequests.FORWARDED) String forwarded) {
        access.require(Role.READER, Access.presented(authorization, apiKey));
        int limit = Queries.size(size);
        if (limit < 1 || limit > 500) {
            throw new ProblemException(ProblemType.INVALID_QUERY, "size must be between 1 and 500");
        }
        return answered(slas.likely(sla, limit, authorization, apiKey, forwarded), LikelyToBreach::new);
    }

    /** The most likely of every instance's most likely, most likely first. */
    static List<BreachForecaster.Likely> mostLikely(
            List<BreachForecaster.Likely> here, List<List<BreachForecaster.Likely>> elsewhere, int limit) {
        if (elsewhere.isEmpty()) {
            return here;
        }
        List<BreachForecaster.Likely> all = new ArrayList<>(here);
        elsewhere.forEach(all::addAll);
        all.sort(Comparator.comparingDouble(BreachForecaster.Likely::probability)
                .reversed()
                .thenComparing(BreachForecaster.Likely::flowKey)
                .thenComparing(BreachForecaster.Likely::sla));
        return all.subList(0, Math.min(limit, all.size()));
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
            long excluded,
            long revisions,
            Double attainment,
            boolean meetingObjective,
            String maintenance) {

        /** This SLA's status on two instances together: open clocks and outcomes added up. */
        SlaStatus plus(SlaStatus other) {
            long sumMet = met + other.met;
            long sumBreached = breached + other.breached;
            Double sumAttainment = SlaTally.attainment(sumMet, sumBreached);
            return new SlaStatus(
                    id,
                    description,
                    startsOn,
                    stopsOn,
                    join,
                    voidedBy,
                    target,
                    calendar,
                    objective,
                    atRiskAt,
                    onTrack + other.onTrack,
                    atRisk + other.atRisk,
                    breachedOpen + other.breachedOpen,
                    sumMet,
                    sumBreached,
                    excluded + other.excluded,
                    revisions + other.revisions,
                    sumAttainment,
                    meets(sumAttainment, objective),
                    maintenance);
        }
    }

    static boolean meets(Double attainment, double objective) {
        return attainment == null || attainment >= objective;
    }

    @GET
    @Operation(
            summary = "Status of every SLA since start",
            description = "Open clocks by state, and outcomes counted since the instance started. With Kafka, every"
                    + " instance answers for the whole group: each instance's part (the flows it owns; outcomes it"
                    + " counted since it started) added up; header Handoff-Unanswered names instances whose part is"
                    + " missing.")
    public RestResponse<List<SlaStatus>> slas(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey,
            @HeaderParam(GroupRequests.FORWARDED) String forwarded) {
        access.require(Role.READER, Access.presented(authorization, apiKey));
        return answered(slas.statuses(authorization, apiKey, forwarded), java.util.function.Function.identity());
    }

    /** Every instance's status of each SLA added up, attainment from the sums; in this instance's order. */
    static List<SlaStatus> together(List<SlaStatus> here, List<List<SlaStatus>> elsewhere) {
        Map<String, SlaStatus> sums = new LinkedHashMap<>();
        here.forEach(s -> sums.merge(s.id(), s, SlaStatus::plus));
        elsewhere.forEach(answer -> answer.forEach(s -> sums.merge(s.id(), s, SlaStatus::plus)));
        return List.copyOf(sums.values());
    }

    private static <T, R> RestResponse<R> answered(
            GroupSlas.Together<T> together, java.util.function.Function<T, R> shown) {
        return answered(shown.apply(together.value()), together.unanswered());
    }

    private static <T> RestResponse<T> answered(T body, List<java.net.URI> unanswered) {
        RestResponse.ResponseBuilder<T> response = RestResponse.ResponseBuilder.ok(body);
        if (!unanswered.isEmpty()) {
            response.header(
                    GroupRequests.UNANSWERED,
                    String.join(
                            ", ",
                            unanswered.stream().map(java.net.URI::toString).toList()));
        }
        return response.build();
    }

    @GET
    @Path("/{id}/contributors")
    @Operation(
            summary = "Who used the error budget",
            description = "The clocks breached in one compliance window, added up by client, project, group or flow"
                    + " (by; default client), most breached first, with hours and money at stake. window: one of the"
                    + " SLA's windows (default its first); period: a calendar period of it (2026-11, 2026-Q4,"
                    + " 2026-W48), default the one in force; size 1-100 (default 10).")
    public SloWindows.Contributors contributors(
            @PathParam("id") String id,
            @QueryParam("window") String window,
            @QueryParam("period") String period,
            @QueryParam("by") String by,
            @QueryParam("size") Integer size,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey) {
        access.require(Role.READER, Access.presented(authorization, apiKey));
        SlaDefinition sla = knownSla(id);
        Contributor.By dimension = by == null
                ? Contributor.By.CLIENT
                : Contributor.By.of(by)
                        .orElseThrow(() -> new ProblemException(Problem.about(
                                ProblemType.INVALID_QUERY, "/by", "by must be client, project, group or flow")));
        int limit = size == null ? 10 : size;
        if (limit < 1 || limit > 100) {
            throw new ProblemException(
                    Problem.about(ProblemType.INVALID_QUERY, "/size", "size must be between 1 and 100"));
        }
        String windowName = window == null ? sla.windows().get(0).name() : window;
        SloWindows.Window asked;
        try {
            asked = windows.window(sla, windowName, period, clock.instant());
        } catch (SloWindows.BadParameter e) {
            throw new ProblemException(Problem.about(ProblemType.INVALID_QUERY, "/" + e.parameter(), e.getMessage()));
        }
        return Queries.run(() -> windows.contributors(sla, asked, dimension, limit));
    }

    private SlaDefinition knownSla(String id) {
        return windows.sla(id)
                .orElseThrow(() -> new ProblemException(
                        ProblemType.NOT_FOUND,
                        "no SLA '" + id + "'; known: "
                                + windows.catalog().definitions().stream()
                                        .map(SlaDefinition::id)
                                        .toList()));
    }

    static SlaStatus status(SlaTally t) {
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
                t.excluded(),
                t.revisions(),
                t.attainment(),
                meets(t.attainment(), sla.objective()),
                sla.maintenance().label());
    }
}
