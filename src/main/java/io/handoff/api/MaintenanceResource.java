package io.handoff.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.engine.EngineLoop;
import io.handoff.maintenance.MaintenanceEntry;
import io.handoff.maintenance.MaintenanceFields;
import io.handoff.maintenance.MaintenancePlan;
import io.handoff.sla.MaintenanceWindow;
import io.handoff.sla.SlaCatalog;
import io.handoff.web.Access;
import io.handoff.web.ActionFields;
import io.handoff.web.Caller;
import io.handoff.web.Problem;
import io.handoff.web.ProblemException;
import io.handoff.web.ProblemType;
import io.handoff.web.RequestBodies;
import io.handoff.web.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.logging.Logger;

/**
 * Maintenance windows: declared by operators (or in configuration), recorded with who and why; the clocks they cover
 * pause or have their outcome excluded, as each SLA chooses, and the SLAs' burn-rate alerts stay silent meanwhile.
 */
@Path("/api/v1/maintenance")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class MaintenanceResource {
    private static final Logger LOG = Logger.getLogger(MaintenanceResource.class);
    private static final int MAX_BODY = 16 * 1024;
    private static final Set<String> FIELDS = Set.of("id", "start", "end", "slas", "source", "reason");

    private final Access access;
    private final MaintenancePlan plan;
    private final EngineLoop engine;
    private final EngineQueries queries;
    private final SlaCatalog catalog;
    private final ObjectMapper json;
    private final InstantSource clock;

    public MaintenanceResource(
            Access access,
            MaintenancePlan plan,
            EngineLoop engine,
            EngineQueries queries,
            SlaCatalog catalog,
            ObjectMapper json,
            InstantSource clock) {
        this.access = access;
        this.plan = plan;
        this.engine = engine;
        this.queries = queries;
        this.catalog = catalog;
        this.json = json;
        this.clock = clock;
    }

    /** A window as the API shows it. */
    public record Window(
            String id,
            Instant start,
            Instant end,
            List<String> slas,
            String source,
            String reason,
            String declaredBy,
            Instant declaredAt,
            String origin,
            String status,
            Instant withdrawnAt,
            String withdrawnBy,
            String withdrawComment) {
        static Window of(MaintenanceEntry e, Instant now) {
            MaintenanceWindow w = e.window();
            List<String> slas = new ArrayList<>(w.slas());
            slas.sort(null);
            return new Window(
                    w.id(),
                    w.start(),
                    w.end(),
                    slas,
                    w.source(),
                    w.reason(),
                    w.declaredBy(),
                    w.declaredAt(),
                    e.origin(),
                    e.status(now).label(),
                    e.withdrawnAt(),
                    e.withdrawnBy(),
                    e.withdrawComment());
        }
    }

    public record Windows(List<Window> windows) {}

    /** What declares a window; {@code slas} empty or absent: every SLA. */
    public record Declaration(String id, String start, String end, List<String> slas, String source, String reason) {}

    /** What withdrawing may say: {@code {"comment": "..."}}, or no body. */
    public record Withdrawal(String comment) {}

    @GET
    @Operation(
            summary = "List maintenance windows",
            description = "Every window known, the latest start first, with its status (upcoming, active, past,"
                    + " withdrawn), who declared it and why. Reader role.")
    public Windows list(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam("X-API-Key") String apiKey) {
        access.require(Role.READER, Access.presented(authorization, apiKey));
        Instant now = clock.instant();
        return new Windows(plan.all().stream().map(e -> Window.of(e, now)).toList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One maintenance window", description = "Reader role.")
    public Window one(
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey) {
        access.require(Role.READER, Access.presented(authorization, apiKey));
        return Window.of(plan.find(id).orElseThrow(() -> notFound(id)), clock.instant());
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @RequestBody(content = @Content(schema = @Schema(implementation = Declaration.class)))
    @Operation(
            summary = "Declare a maintenance window",
            description = "start and end are ISO date-times with offset (end exclusive, at most 31 days later; a window"
                    + " may be declared after the fact, ending at most 92 days ago); slas: the SLA ids it covers (none:"
                    + " every SLA); source: a CloudEvents source prefix, covering only flows with an event from such a"
                    + " source; reason: required. The clocks it covers are re-evaluated before the answer: paused, or"
                    + " their outcome excluded, per SLA (handoff.sla.definitions.<id>.maintenance). 201 with Location;"
                    + " the same declaration again: 200; another one under an id in use: 409; recorded while the engine"
                    + " is more than 5 s behind: 202, applied once it catches up. Operator role.")
    public Response declare(
            byte[] body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey) {
        Caller caller = access.require(Role.OPERATOR, Access.presented(authorization, apiKey));
        JsonNode request = RequestBodies.json(json, body, MAX_BODY);
        if (!request.isObject()) {
            throw invalid("", "the body must be a JSON object with start, end, reason and optionally id, slas, source");
        }
        request.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw invalid(
                        "/" + pointerSafe(name),
                        "unknown member; a window has "
                                + FIELDS.stream().sorted().toList());
            }
        });
        Instant now = clock.instant();
        String id = text(request, "id");
        if (id == null) {
            id = "mw-" + Long.toString(now.toEpochMilli(), 36) + "-"
                    + Integer.toString(
                            java.util.concurrent.ThreadLocalRandom.current().nextInt(1296), 36);
        }
        MaintenanceWindow window;
        try {
            window = MaintenanceFields.window(
                    id,
                    text(request, "start"),
                    text(request, "end"),
                    slas(request),
                    text(request, "source"),
                    text(request, "reason"),
                    caller.name(),
                    now,
                    catalog,
                    now);
        } catch (MaintenanceFields.Fault e) {
            throw invalid(e.pointer(), e.getMessage());
        }
        MaintenancePlan.Declared declared;
        try {
            declared = plan.declare(window);
        } catch (IllegalStateException e) {
            throw new ProblemException(ProblemType.CONFLICT, e.getMessage());
        }
        boolean applied = applied(window.id());
        Window shown = Window.of(plan.find(window.id()).orElseThrow(), now);
        if (!applied) {
            return Response.accepted(shown)
                    .location(URI.create("/api/v1/maintenance/" + window.id()))
                    .build();
        }
        return declared == MaintenancePlan.Declared.CREATED
                ? Response.created(URI.create("/api/v1/maintenance/" + window.id()))
                        .entity(shown)
                        .build()
                : Response.ok(shown).build();
    }

    @POST
    @Path("/{id}/withdraw")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(content = @Content(schema = @Schema(implementation = Withdrawal.class)))
    @Operation(
            summary = "Withdraw a maintenance window",
            description = "Its clocks count again as if it had never been declared (outcomes it excluded are revised);"
                    + " recorded with who, when and the optional comment. Idempotent. Windows declared in configuration"
                    + " are removed there (409). Recorded while the engine is more than 5 s behind: 202, applied once"
                    + " it catches up. Operator role.")
    public Response withdraw(
            @PathParam("id") String id,
            byte[] body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("X-API-Key") String apiKey) {
        Caller caller = access.require(Role.OPERATOR, Access.presented(authorization, apiKey));
        String comment = null;
        if (body != null && body.length > 0) {
            JsonNode request = RequestBodies.json(json, body, MAX_BODY);
            if (!request.isObject()) {
                throw invalid("", "the body must be a JSON object such as {\"comment\": \"...\"}");
            }
            comment = ActionFields.comment(text(request, "comment"));
        }
        MaintenanceEntry withdrawn;
        try {
            withdrawn = plan.withdraw(id, caller.name(), comment).orElseThrow(() -> notFound(id));
        } catch (IllegalStateException e) {
            throw new ProblemException(ProblemType.CONFLICT, e.getMessage());
        }
        Window shown = Window.of(withdrawn, clock.instant());
        return (applied(id) ? Response.ok(shown) : Response.accepted(shown)).build();
    }

    /**
     * Has the engine re-evaluate its clocks under the windows now in force, waiting a bounded time. The window is
     * recorded already and the engine applies it once it has applied the events queued before: when that takes
     * longer (a backlog), the answer is 202, not a 503 that would say the window was not recorded.
     */
    private boolean applied(String id) {
        boolean applied = queries.doneInTime(engine.maintenance(plan::inForce));
        if (!applied) {
            LOG.infof(
                    "maintenance window %s recorded; the engine applies it once it has applied the %d events queued"
                            + " before it",
                    id, engine.backlog());
        }
        return applied;
    }

    private static String text(JsonNode request, String field) {
        return RequestBodies.text(request, field, ProblemType.INVALID_MAINTENANCE_WINDOW);
    }

    private static List<String> slas(JsonNode request) {
        JsonNode value = request.get("slas");
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw invalid("/slas", "slas must be an array of SLA ids");
        }
        if (value.size() > 100) {
            throw invalid("/slas", "slas names at most 100 SLAs");
        }
        List<String> slas = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                throw invalid("/slas/" + i, "an SLA id is a string");
            }
            slas.add(value.get(i).asText());
        }
        return slas;
    }

    /** A member name as a JSON pointer token, bounded and on one line. */
    private static String pointerSafe(String name) {
        return io.handoff.event.WireText.oneLine(name, 64).replace("~", "~0").replace("/", "~1");
    }

    private static ProblemException invalid(String pointer, String detail) {
        return new ProblemException(Problem.about(ProblemType.INVALID_MAINTENANCE_WINDOW, pointer, detail));
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(
                ProblemType.NOT_FOUND,
                "no maintenance window with id '" + io.handoff.event.WireText.oneLine(id, 100) + "'");
    }
}
