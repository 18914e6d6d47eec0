package io.handoff.console;

import io.handoff.api.EngineQueries;
import io.handoff.api.GroupRequests;
import io.handoff.api.GroupSlas;
import io.handoff.api.SlasResource;
import io.handoff.forecast.BreachForecaster;
import io.handoff.reconcile.ExceptionLedger;
import io.handoff.reconcile.ExceptionQuery;
import io.handoff.reconcile.ExceptionRecord;
import io.handoff.reconcile.ExceptionStatus;
import io.handoff.reconcile.ExceptionStore;
import io.handoff.reconcile.ExceptionWording;
import io.handoff.record.Page;
import io.handoff.sla.ClockState;
import io.handoff.sla.SlaCatalog;
import io.handoff.sla.SlaDefinition;
import io.handoff.slo.Contributor;
import io.handoff.slo.SloWindows;
import io.handoff.store.FlowQuery;
import io.handoff.store.FlowRecord;
import io.handoff.store.FlowStore;
import io.handoff.web.ActionFields;
import io.handoff.web.ProblemException;
import io.handoff.web.Role;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The console: server-rendered pages over the same stores and engine as the API, so every page reads without
 * JavaScript. Readers read; operators also act on exceptions (the same ledger operations as the API, recorded with
 * who did them). Every page is escaped by Qute: no event field reaches the page as markup.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class ConsoleResource {
    private static final Logger LOG = Logger.getLogger(ConsoleResource.class);
    private static final int SEARCH_SIZE = 50;

    @Location("console/signin.html")
    Template signinPage;

    @Location("console/inbox.html")
    Template inboxPage;

    @Location("console/exception.html")
    Template exceptionPage;

    @Location("console/flow.html")
    Template flowPage;

    @Location("console/slas.html")
    Template slasPage;

    @Location("console/search.html")
    Template searchPage;

    @Location("console/problem.html")
    Template problemPage;

    private final ConsoleConfig config;
    private final ConsoleGate gate;
    private final ExceptionStore exceptions;
    private final ExceptionLedger ledger;
    private final EngineQueries engine;
    private final FlowStore flows;
    private final SlaCatalog catalog;
    private final SloWindows windows;
    private final io.handoff.slo.DecisionStore decisions;
    private final io.handoff.trace.TraceConfig traces;
    private final ShownNames names;
    private final InstantSource clock;

    @Context
    UriInfo uri;

    @HeaderParam("X-Forwarded-Proto")
    String forwardedProto;

    private final io.handoff.maintenance.MaintenancePlan maintenance;
    private final GroupRequests group;
    private final GroupKey groupKey;
    private final GroupSlas groupSlas;

    public ConsoleResource(
            ConsoleConfig config,
            ConsoleGate gate,
            ExceptionStore exceptions,
            ExceptionLedger ledger,
            EngineQueries engine,
            FlowStore flows,
            SlaCatalog catalog,
            SloWindows windows,
            io.handoff.slo.DecisionStore decisions,
            io.handoff.trace.TraceConfig traces,
            ShownNames names,
            io.handoff.maintenance.MaintenancePlan maintenance,
            GroupRequests group,
            GroupKey groupKey,
            GroupSlas groupSlas,
            InstantSource clock) {
        this.group = group;
        this.groupKey = groupKey;
        this.groupSlas = groupSlas;
        this.maintenance = maintenance;
        this.names = names;
        this.decisions = decisions;
        this.traces = traces;
        this.config = config;
        this.gate = gate;
        this.exceptions = exceptions;
        this.ledger = ledger;
        this.engine = engine;
        this.flows = flows;
        this.catalog = catalog;
        this.windows = windows;
        this.clock = clock;
    }

    // ---- sign-in ----

    @GET
    @Path("/signin")
    public Response signinForm(@QueryParam("then") String then) {
        enabled();
        String csrf = Sessions.token();
        return html(signinPage(then, csrf, null), 200)
                .cookie(ConsoleGate.cookie(ConsoleGate.SIGNIN_COOKIE, csrf, secure(), 600))
                .build();
    }

    private TemplateInstance signinPage(String then, String csrf, String error) {
        return signinPage
                .data("then", ConsoleGate.safeThen(then))
                .data("csrf", csrf)
                .data("error", error)
                .data("me", null)
                .data("sso", config.sso().enabled());
    }

    @POST
    @Path("/signin")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signin(
            @FormParam("key") String key,
            @FormParam("then") String then,
            @FormParam("csrf") String csrf,
            @CookieParam(ConsoleGate.SIGNIN_COOKIE) String expected) {
        enabled();
        if (!Sessions.tokensMatch(expected, csrf)) {
            return refused("The sign-in form expired or did not come from this console. Open it again.");
        }
        Optional<String> token = gate.signIn(key);
        if (token.isEmpty()) {
            String fresh = Sessions.token();
            return html(
                            signinPage(
                                    then, fresh, "That key does not open the console (a reader or operator key does)."),
                            401)
                    .cookie(ConsoleGate.cookie(ConsoleGate.SIGNIN_COOKIE, fresh, secure(), 600))
                    .build();
        }
        return Response.seeOther(URI.create(ConsoleGate.safeThen(then)))
                .cookie(
                        ConsoleGate.cookie(ConsoleGate.SESSION_COOKIE, token.get(), secure(), -1),
                        ConsoleGate.cookie(ConsoleGate.SIGNIN_COOKIE, "", secure(), 0))
                .build();
    }

    @POST
    @Path("/signout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signout(@FormParam("csrf") String csrf, @CookieParam(ConsoleGate.SESSION_COOKIE) String token) {
        enabled();
        Optional<Sessions.Session> session = gate.session(token);
        if (session.isPresent() && !Sessions.csrfMatches(session.get(), csrf)) {
            return refused("This form did not come from your console session. Reload the page and try again.");
        }
        gate.signOut(token);
        return Response.seeOther(URI.create(ConsoleGate.PATH + "/signin"))
                .cookie(ConsoleGate.cookie(ConsoleGate.SESSION_COOKIE, "", secure(), 0))
                .build();
    }

    // ---- inbox ----

    @GET
    public Response inbox(
            @CookieParam(ConsoleGate.SESSION_COOKIE) String token,
            @QueryParam("group") String group,
            @QueryParam("client") String client,
            @QueryParam("project") String project,
            @QueryParam("type") String type,
            @QueryParam("status") String status,
            @QueryParam("assignee") String assignee,
            @QueryParam("snoozed") String snoozed,
            @QueryParam("rows") String rowsWanted) {
        return page(token, session -> {
            Instant now = clock.instant();
            Inbox.Filter filter =
                    new Inbox.Filter(group, client, project, type, status, assignee, "true".equals(snoozed));
            int shownRows = rows(rowsWanted);
            Inbox.View view = Inbox.of(unresolved(), filter, now, shownRows);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Inbox.Row row : view.rows()) {
                ExceptionRecord e = row.exception();
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("e", e);
                r.put("sentence", row.sentence());
                r.put("link", "/console/exception?id=" + encode(e.id()));
                r.put("age", age(Duration.between(e.openedAt(), now)));
                r.put("opened", FlowPicture.text(e.openedAt(), config.zone()));
                rows.add(r);
            }
            return inboxPage
                    .data("rows", rows)
                    .data("shown", view.shown())
                    .data("snoozedCount", view.snoozed())
                    .data("counts", view.counts())
                    .data("selected", selected(filter))
                    .data("more", view.shown() > view.rows().size() ? moreLink(filter, shownRows + ROWS) : null)
                    .data("labels", FACETS)
                    .data("filter", filter);
        });
    }

    /** Rows the inbox shows at first; "show more" adds as many. */
    static final int ROWS = 50;

    private int rows(String rows) {
        try {
            int n = rows == null ? ROWS : Integer.parseInt(rows.strip());
            return Math.max(1, Math.min(n, config.inboxLimit()));
        } catch (NumberFormatException e) {
            return ROWS;
        }
    }

    private static String moreLink(Inbox.Filter f, int rows) {
        StringBuilder link = new StringBuilder("/console?rows=").append(rows);
        selected(f).forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                link.append('&').append(name).append('=').append(encode(value));
            }
        });
        if (f.snoozed()) {
            link.append("&snoozed=true");
        }
        return link.toString();
    }

    /** The inbox's filters as a lead calls them. */
    private static final Map<String, String> FACETS = Map.of(
            "group", "practice",
            "client", "client",
            "project", "project",
            "type", "kind",
            "status", "status",
            "assignee", "assigned to");

    private static Map<String, String> selected(Inbox.Filter f) {
        Map<String, String> selected = new java.util.HashMap<>();
        selected.put("group", f.group());
        selected.put("client", f.client());
        selected.put("project", f.project());
        selected.put("type", f.type());
        selected.put("status", f.status());
        selected.put("assignee", f.assignee());
        return selected;
    }

    /** Open and acknowledged exceptions, newest first, up to the inbox's limit. */
    private List<ExceptionRecord> unresolved() {
        List<ExceptionRecord> all = new ArrayList<>();
        for (ExceptionStatus status : List.of(ExceptionStatus.OPEN, ExceptionStatus.ACKNOWLEDGED)) {
            String after = null;
            do {
                int size = Math.min(Page.MAX_SIZE, config.inboxLimit() - all.size());
                if (size <= 0) {
                    return all;
                }
                Page<ExceptionRecord> page =
                        exceptions.searchExceptions(new ExceptionQuery(null, status, null, null, null, size, after));
                all.addAll(page.items());
                after = page.next();
            } while (after != null);
        }
        return all;
    }

    // ---- one exception ----

    @GET
    @Path("/exception")
    public Response exception(
            @CookieParam(ConsoleGate.SESSION_COOKIE) String token,
            @QueryParam("id") String id,
            @QueryParam("done") String done) {
        return page(token, session -> {
            ExceptionRecord e = Optional.ofNullable(id)
                    .flatMap(exceptions::exception)
                    .orElseThrow(() -> new NotFound("No exception with id '" + id + "'."));
            names.fetch(e.client(), e.project(), e.flowKey());
            Instant now = clock.instant();
            Set<String> touched = new LinkedHashSet<>();
            if (e.flowKey() != null) {
                touched.add(e.flowKey());
            }
            e.evidence().forEach(ev -> touched.add(ev.flow()));
            List<Map<String, String>> flowLinks = touched.stream()
                    .map(k -> Map.of("key", k, "link", "/console/flow?key=" + encode(k)))
                    .toList();
            List<Map<String, Object>> evidence = e.evidence().stream()
                    .sorted((a, b) -> a.time().compareTo(b.time()))
                    .map(ev -> Map.<String, Object>of(
                            "ev",
                            ev,
                            "time",
                            FlowPicture.text(ev.time(), config.zone()),
                            "link",
                            "/console/flow?key=" + encode(ev.flow())))
                    .toList();
            List<Map<String, Object>> history = e.activity().stream()
                    .map(a -> Map.<String, Object>of("a", a, "time", FlowPicture.text(a.at(), config.zone())))
                    .toList();
            return exceptionPage
                    .data("e", e)
                    .data("sentence", ExceptionWording.sentence(e))
                    .data("opened", FlowPicture.text(e.openedAt(), config.zone()))
                    .data("age", age(Duration.between(e.openedAt(), now)))
                    .data(
                            "snoozedUntil",
                            e.snoozedUntil() == null ? null : FlowPicture.text(e.snoozedUntil(), config.zone()))
                    .data("flows", flowLinks)
                    .data("evidence", evidence)
                    .data("history", history)
                    .data("canAct", session.caller().role().allows(Role.OPERATOR) && session.actsFor(e.group()))
                    .data("elsewhere", session.caller().role().allows(Role.OPERATOR) && !session.actsFor(e.group()))
                    .data("practices", String.join(", ", new java.util.TreeSet<>(session.practices())))
                    .data("resolved", e.status() == ExceptionStatus.RESOLVED)
                    .data("done", done == null ? null : DONE.get(done));
        });
    }

    private static final Map<String, String> DONE = Map.of(
            "acknowledge", "Acknowledged: notices about it stop escalating.",
            "assign", "Assignment saved.",
            "comment", "Comment added.",
            "snooze", "Snoozed: it leaves the inbox and comes back with a reminder if still open.",
            "resolve", "Resolved.");

    @POST
    @Path("/exception")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response act(
            @CookieParam(ConsoleGate.SESSION_COOKIE) String token,
            @FormParam("csrf") String csrf,
            @FormParam("id") String id,
            @FormParam("action") String action,
            @FormParam("assignee") String assignee,
            @FormParam("comment") String comment,
            @FormParam("until") String until) {
        enabled();
        Optional<Sessions.Session> session = gate.session(token);
        if (session.isEmpty()) {
            return problem(401, "Your sign-in has ended. Sign in again and repeat the action.");
        }
        if (!Sessions.csrfMatches(session.get(), csrf)) {
            return refused("This form did not come from your console session. Reload the page and try again.");
        }
        if (!session.get().caller().role().allows(Role.OPERATOR)) {
            return refused("Your key has the reader role: it can read the console but not act on exceptions.");
        }
        String by = session.get().caller().name();
        if (!session.get().practices().isEmpty()) {
            Optional<ExceptionRecord> target = id == null ? Optional.empty() : exceptions.exception(id);
            if (target.isPresent() && !session.get().actsFor(target.get().group())) {
                return refused("You act on the exceptions of "
                        + String.join(", ", session.get().practices()) + "; this one belongs to "
                        + target.get().group() + ". You can read it.");
            }
        }
        try {
            Optional<ExceptionRecord> done = switch (action == null ? "" : action) {
                case "acknowledge" -> ledger.acknowledge(id, by, ActionFields.comment(comment));
                case "assign" -> ledger.assign(id, by, ActionFields.assignee(assignee), ActionFields.comment(comment));
                case "comment" -> ledger.comment(id, by, ActionFields.requiredComment(comment));
                case "snooze" ->
                    ledger.snooze(
                            id,
                            by,
                            ActionFields.until(until, config.zone(), clock.instant()),
                            ActionFields.comment(comment));
                case "resolve" -> ledger.resolve(id, by, ActionFields.comment(comment));
                default -> throw new Invalid("Unknown action '" + action + "'.");
            };
            if (done.isEmpty()) {
                return problem(404, "No exception with id '" + id + "'.");
            }
            return Response.seeOther(URI.create("/console/exception?id=" + encode(id) + "&done=" + encode(action)))
                    .build();
        } catch (ProblemException e) {
            return problem(400, e.problem().detail());
        } catch (IllegalStateException | Invalid e) {
            return problem(409, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("console: could not " + action + " " + id + ": " + e.getMessage());
            return problem(503, "The store could not be reached; nothing was changed. Try again in a moment.");
        }
    }

    // ---- one flow ----

    /** The flow's trace id and its link in the tracing UI, when flows are exported as traces. */
    private Map<String, String> trace(String flowKey) {
        if (!traces.enabled()) {
            return null;
        }
        String id = io.handoff.trace.FlowTraceIds.traceId(flowKey);
        return Map.of(
                "id",
                id,
                "link",
                config.traceLink().map(l -> l.replace("{traceId}", id)).orElse(""));
    }

    @GET
    @Path("/flow")
    public Response flow(@CookieParam(ConsoleGate.SESSION_COOKIE) String token, @QueryParam("key") String key) {
        return page(token, session -> {
            Instant now = clock.instant();
            // On Kafka Streams a flow another instance owns is held here at most as context for this instance's own
            // flows, without the clocks its owner computes: it is shown as its owner last recorded it in the store
            // (a second or so behind), so every instance behind a load balancer shows the same clocks.
            boolean elsewhere = key != null && group.ownedElsewhere(key);
            java.util.Optional<FlowRecord> recorded = elsewhere ? flows.flow(key) : java.util.Optional.empty();
            java.util.Optional<io.handoff.engine.FlowView> view = key == null || recorded.isPresent()
                    ? java.util.Optional.empty()
                    : engine.answer(engine.reads().flow(key, now));
            FlowRecord flow = key == null
                    ? null
                    : recorded.or(() -> view.map(v -> FlowRecord.of(v, now, 0)))
                            // the store was asked already when the flow is another instance's
                            .or(() -> elsewhere ? java.util.Optional.empty() : flows.flow(key))
                            .orElse(null);
            if (flow == null) {
                throw new NotFound("No flow with key or correlation id '" + key + "'.");
            }
            names.fetch(flow.client(), flow.project(), flow.key());
            SlaDefinition first = flow.slas().isEmpty()
                    ? null
                    : catalog.find(flow.slas().get(0).sla()).orElse(null);
            // Shaded only where some hours are not business hours (a 24/7 SLA would shade everything).
            io.handoff.sla.BusinessCalendar business =
                    first != null && first.workingTime() instanceof io.handoff.sla.BusinessCalendar calendar
                            ? calendar
                            : null;
            FlowPicture.Picture picture = FlowPicture.of(flow, business, now, config.zone());
            List<Map<String, String>> links = new ArrayList<>();
            flow.links()
                    .forEach((name, target) -> links.add(
                            Map.of("name", name, "key", target, "link", "/console/flow?key=" + encode(target))));
            flow.linkedFrom()
                    .forEach(from -> links.add(
                            Map.of("name", "linked from", "key", from, "link", "/console/flow?key=" + encode(from))));
            List<Map<String, Object>> events = flow.timeline().stream()
                    .map(s -> Map.<String, Object>of("s", s, "time", FlowPicture.text(s.time(), config.zone())))
                    .toList();
            List<Map<String, Object>> clocks = flow.slas().stream()
                    .map(c -> Map.<String, Object>of(
                            "c", c,
                            "start", FlowPicture.text(c.start(), config.zone()),
                            "due", FlowPicture.text(c.due(), config.zone()),
                            "stop", FlowPicture.text(c.stop(), config.zone())))
                    .toList();
            List<Map<String, Object>> chains = new ArrayList<>();
            for (io.handoff.sla.ChainClock c :
                    view.map(io.handoff.engine.FlowView::chains).orElse(List.of())) {
                double total = c.elapsed(now).toMillis();
                List<Map<String, String>> stages = new ArrayList<>();
                for (io.handoff.sla.ChainClock.Stage st : c.stages()) {
                    long ms = st.elapsed(now).toMillis();
                    stages.add(Map.of(
                            "sla", st.sla(),
                            "flow", st.flowKey(),
                            "link", "/console/flow?key=" + encode(st.flowKey()),
                            "start", FlowPicture.text(st.start(), config.zone()),
                            "stop", st.stop() == null ? "running" : FlowPicture.text(st.stop(), config.zone()),
                            "took", span(java.time.Duration.ofMillis(ms)),
                            "share", total == 0 ? "" : percent(ms / total)));
                }
                chains.add(Map.of(
                        "chain", c.chain(),
                        "took", span(c.elapsed(now)),
                        "complete", c.complete(),
                        "stages", stages));
            }
            return flowPage.data("f", flow)
                    .data("recordedByOwner", recorded.isPresent())
                    .data("chains", chains)
                    .data("picture", picture)
                    .data("links", links)
                    .data("events", events)
                    .data("clocks", clocks)
                    .data("trace", trace(flow.key()))
                    .data("shaded", business != null);
        });
    }

    // ---- SLAs ----

    @GET
    @Path("/slas")
    public Response slas(@CookieParam(ConsoleGate.SESSION_COOKIE) String token) {
        return page(token, session -> {
            Instant now = clock.instant();
            // With Kafka each instance holds the clocks of its own partitions: the others' parts are asked for (with
            // the group key: a console session has no credentials to pass on) and added, so the page shows the
            // group's figures whichever instance the load balancer chose. Likely breaches in one request for every
            // SLA (each instance's most likely 500): a slow instance costs the page its 5 s once, not once per SLA.
            Optional<String> asker = groupKey.authorization();
            String alone = asker.isPresent() ? null : GroupRequests.FORWARDED; // as if asked: this instance's part
            String authorization = asker.orElse(null);
            GroupSlas.Together<List<SlasResource.SlaStatus>> statuses = groupSlas.statuses(authorization, null, alone);
            GroupSlas.Together<List<BreachForecaster.Likely>> likely =
                    groupSlas.likely(null, asker.isPresent() ? 500 : Integer.MAX_VALUE, authorization, null, alone);
            java.util.Set<java.net.URI> unanswered = new java.util.TreeSet<>(statuses.unanswered());
            unanswered.addAll(likely.unanswered());
            List<Map<String, Object>> slas = new ArrayList<>();
            for (SlasResource.SlaStatus status : statuses.value()) {
                Optional<SlaDefinition> declared = catalog.find(status.id());
                if (declared.isEmpty()) {
                    continue; // declared on another instance only (a configuration being rolled out): not shown here
                }
                SlaDefinition sla = declared.get();
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("sla", sla);
                s.put("onTrack", status.onTrack());
                s.put("atRisk", status.atRisk());
                s.put("breachedOpen", status.breachedOpen());
                s.put("attainment", percent(status.attainment()));
                s.put("excluded", status.excluded());
                s.put("mode", sla.maintenance() == io.handoff.sla.MaintenanceMode.PAUSE ? "pause" : "exclude");
                s.put("inMaintenance", maintenance.active(sla.id(), now));
                s.put("objective", percent(sla.objective()));
                s.put("burn1h", burn(sla, now, java.time.Duration.ofHours(1)));
                s.put("burn6h", burn(sla, now, java.time.Duration.ofHours(6)));
                s.put("burn3d", burn(sla, now, java.time.Duration.ofDays(3)));
                List<SloWindows.Report> reports = windows.current(sla, now);
                s.put("windows", reports.stream().map(ConsoleResource::window).toList());
                SloWindows.Window first = windows.window(sla, reports.get(0).window(), null, now);
                s.put(
                        "windowName",
                        reports.get(0).window() + " (" + reports.get(0).label() + ")");
                s.put(
                        "clients",
                        windows.contributors(sla, first, Contributor.By.CLIENT, 5)
                                .top());
                s.put(
                        "projects",
                        windows.contributors(sla, first, Contributor.By.PROJECT, 5)
                                .top());
                s.put(
                        "flows",
                        windows.contributors(sla, first, Contributor.By.FLOW, 5).top().stream()
                                .map(c -> Map.of("c", c, "link", "/console/flow?key=" + encode(c.key())))
                                .toList());
                s.put(
                        "likely",
                        likely.value().stream()
                                .filter(l -> l.sla().equals(sla.id()))
                                .limit(LIKELY_SHOWN)
                                .map(l -> Map.of(
                                        "l",
                                        l,
                                        "probability",
                                        percent(l.probability()),
                                        "due",
                                        FlowPicture.text(l.due(), config.zone()),
                                        "link",
                                        "/console/flow?key=" + encode(l.flowKey())))
                                .toList());
                slas.add(s);
            }
            return slasPage.data("slas", slas)
                    .data("maintenance", maintenanceShown(now))
                    // Without a key to ask the group with, the page says it shows this instance's part only.
                    .data("partOnly", asker.isEmpty() && groupSlas.grouped())
                    .data(
                            "unanswered",
                            String.join(
                                    ", ",
                                    unanswered.stream()
                                            .map(java.net.URI::toString)
                                            .toList()));
        });
    }

    /** Likely breaches listed per SLA. */
    private static final int LIKELY_SHOWN = 10;

    /** A wall-clock span as a lead reads it: "3 d 4 h", "5 h 20 min", "40 s". */
    static String span(java.time.Duration d) {
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        if (days > 0) {
            return days + " d " + hours + " h";
        }
        if (hours > 0) {
            return hours + " h " + minutes + " min";
        }
        return minutes > 0 ? minutes + " min" : d.toSecondsPart() + " s";
    }

    /** Windows active now or starting within 30 days, soonest first, as the SLA page lists them. */
    private List<Map<String, String>> maintenanceShown(Instant now) {
        List<Map<String, String>> shown = new ArrayList<>();
        List<io.handoff.maintenance.MaintenanceEntry> entries = new ArrayList<>(maintenance.all());
        java.util.Collections.reverse(entries);
        for (io.handoff.maintenance.MaintenanceEntry e : entries) {
            var status = e.status(now);
            boolean soon = status == io.handoff.maintenance.MaintenanceEntry.Status.UPCOMING
                    && e.window().start().isBefore(now.plus(java.time.Duration.ofDays(30)));
            if (status != io.handoff.maintenance.MaintenanceEntry.Status.ACTIVE && !soon) {
                continue;
            }
            var w = e.window();
            String scope = (w.slas().isEmpty() ? "every SLA" : String.join(", ", new java.util.TreeSet<>(w.slas())))
                    + (w.source() == null ? "" : ", flows from " + w.source() + "…");
            shown.add(Map.of(
                    "id", w.id(),
                    "status", status.label(),
                    "reason", w.reason(),
                    "from", FlowPicture.text(w.start(), config.zone()),
                    "until", FlowPicture.text(w.end(), config.zone()),
                    "scope", scope,
                    "by", w.declaredBy()));
        }
        return shown;
    }

    /**
     * How fast the error budget burns over the last {@code span}: the share of decided clocks that breached, over the
     * share the objective allows (1 spends the budget exactly over the window; 14.4 over an hour pages).
     */
    private String burn(SlaDefinition sla, Instant now, java.time.Duration span) {
        var tally = decisions.tally(sla.id(), now.minus(span), now);
        long decided = tally.met() + tally.breached();
        if (decided == 0) {
            return "–";
        }
        double rate = (double) tally.breached() / decided / (1 - sla.objective());
        return String.format(java.util.Locale.ROOT, "%.1f×", rate) + " (" + decided + " decided)";
    }

    private static Map<String, Object> window(SloWindows.Report r) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("r", r);
        w.put("attainment", percent(r.attainment()));
        w.put("budgetLeft", percent(r.budgetLeftRatio()));
        w.put("budgetBar", Math.max(0, Math.min(100, Math.round(r.budgetLeftRatio() * 100))));
        w.put("overspent", r.budgetLeft() < 0);
        return w;
    }

    /** Decided clocks per day over the last 28 days, for the SLA page's chart (drawn by uPlot in the browser). */
    public record Days(String sla, List<Long> days, List<Long> met, List<Long> breached) {}

    static final int CHART_DAYS = 28;

    @GET
    @Path("/data/sla-days")
    @Produces(MediaType.APPLICATION_JSON)
    public Response slaDays(@CookieParam(ConsoleGate.SESSION_COOKIE) String token, @QueryParam("sla") String id) {
        enabled();
        if (gate.session(token).isEmpty()) {
            return Response.status(401)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "not signed in"))
                    .build();
        }
        Optional<SlaDefinition> sla = id == null ? Optional.empty() : catalog.find(id);
        if (sla.isEmpty()) {
            return Response.status(404)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "no such SLA"))
                    .build();
        }
        java.time.LocalDate today = clock.instant().atZone(config.zone()).toLocalDate();
        List<Long> days = new ArrayList<>();
        List<Long> met = new ArrayList<>();
        List<Long> breached = new ArrayList<>();
        for (int i = CHART_DAYS - 1; i >= 0; i--) {
            Instant from = today.minusDays(i).atStartOfDay(config.zone()).toInstant();
            Instant to = today.minusDays(i - 1).atStartOfDay(config.zone()).toInstant();
            var tally = decisions.tally(id, from, to);
            days.add(from.getEpochSecond());
            met.add(tally.met());
            breached.add(tally.breached());
        }
        return Response.ok(new Days(id, days, met, breached))
                .header("Cache-Control", "no-store")
                .build();
    }

    // ---- search ----

    @GET
    @Path("/search")
    public Response search(
            @CookieParam(ConsoleGate.SESSION_COOKIE) String token,
            @QueryParam("key") String key,
            @QueryParam("client") String client,
            @QueryParam("project") String project,
            @QueryParam("group") String group,
            @QueryParam("state") String state,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("sla") String sla,
            @QueryParam("open") String open) {
        if (key != null && !key.isBlank() && gate.session(token).isPresent()) {
            return Response.seeOther(URI.create("/console/flow?key=" + encode(key.strip())))
                    .build();
        }
        return page(token, session -> {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("client", blankToNull(client));
            form.put("project", blankToNull(project));
            form.put("group", blankToNull(group));
            form.put("state", blankToNull(state));
            form.put("from", blankToNull(from));
            form.put("to", blankToNull(to));
            form.put("sla", blankToNull(sla));
            form.put("open", "true".equals(open) ? "true" : null);
            boolean asked = form.values().stream().anyMatch(v -> v != null);
            List<Map<String, Object>> results = List.of();
            long total = 0;
            if (asked) {
                if (form.get("state") != null
                        && java.util.Arrays.stream(ClockState.values())
                                .noneMatch(c -> c.label().equals(form.get("state")))) {
                    throw new Invalid("State must be one of on_track, at_risk, breached, met.");
                }
                FlowQuery query = new FlowQuery(
                        form.get("client"),
                        form.get("project"),
                        form.get("group"),
                        form.get("sla"),
                        form.get("state"),
                        form.get("open") == null ? null : Boolean.TRUE,
                        day(form.get("from"), "From", false),
                        day(form.get("to"), "To", true),
                        SEARCH_SIZE,
                        null);
                Page<FlowRecord> page = flows.searchFlows(query);
                total = page.total();
                results = page.items().stream()
                        .map(f -> Map.<String, Object>of(
                                "f",
                                f,
                                "link",
                                "/console/flow?key=" + encode(f.key()),
                                "last",
                                FlowPicture.text(f.lastEventAt(), config.zone())))
                        .toList();
            }
            return searchPage
                    .data("form", form)
                    .data(
                            "states",
                            java.util.Arrays.stream(ClockState.values())
                                    .map(ClockState::label)
                                    .toList())
                    .data(
                            "slaIds",
                            catalog.definitions().stream()
                                    .map(SlaDefinition::id)
                                    .toList())
                    .data("asked", asked)
                    .data("results", results)
                    .data("total", total)
                    .data("size", SEARCH_SIZE);
        });
    }

    /** A date (start of that day, or of the next for an end) or an instant. */
    private Instant day(String text, String label, boolean end) {
        if (text == null) {
            return null;
        }
        try {
            if (text.length() <= 10) {
                java.time.LocalDate date = java.time.LocalDate.parse(text);
                return (end ? date.plusDays(1) : date)
                        .atStartOfDay(config.zone())
                        .toInstant();
            }
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new Invalid(label + " must be a date such as 2026-11-30.");
        }
    }

    // ---- plumbing ----

    /** Thrown while building a page: the page answers 404 with the message. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    /** Thrown while building a page or acting: the input is wrong; 400 with the message. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** A page for a signed-in person; to the sign-in page otherwise. */
    private Response page(String token, Function<Sessions.Session, TemplateInstance> build) {
        enabled();
        Optional<Sessions.Session> session = gate.session(token);
        if (session.isEmpty()) {
            return ConsoleGate.toSignIn(uri);
        }
        try {
            TemplateInstance page = build.apply(session.get())
                    .data("me", session.get().caller().name())
                    .data("role", session.get().caller().role().name().toLowerCase(java.util.Locale.ROOT))
                    .data("csrf", session.get().csrf())
                    .data("zone", config.zone().getId());
            return html(page, 200).build();
        } catch (NotFound e) {
            return problem(404, e.getMessage());
        } catch (Invalid e) {
            return problem(400, e.getMessage());
        } catch (ProblemException e) {
            return problem(e.problem().status(), e.problem().detail());
        } catch (IllegalArgumentException e) {
            return problem(400, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("console: a page could not be built: " + e);
            return problem(503, "The store or the engine did not answer. Try again in a moment.");
        }
    }

    private Response problem(int status, String message) {
        return html(problemPage.data("status", status).data("message", message).data("me", null), status)
                .build();
    }

    private Response refused(String message) {
        return problem(403, message);
    }

    private void enabled() {
        if (!config.enabled()) {
            throw new jakarta.ws.rs.NotFoundException();
        }
    }

    private boolean secure() {
        return ConsoleGate.secure(uri, forwardedProto);
    }

    Response.ResponseBuilder html(TemplateInstance page, int status) {
        return ConsoleGate.html(page, status, config.zone());
    }

    static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static String percent(Double ratio) {
        return ratio == null ? "–" : String.format(java.util.Locale.ROOT, "%.1f %%", ratio * 100);
    }

    static String age(Duration d) {
        if (d.toDays() >= 2) {
            return d.toDays() + " days";
        }
        if (d.toHours() >= 2) {
            return d.toHours() + " h";
        }
        return Math.max(0, d.toMinutes()) + " min";
    }
}
