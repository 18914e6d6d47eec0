package io.handoff.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An Odoo API stand-in over real HTTP on loopback: {@code POST /json/2/<model>/search_read} (19.0)
 * and {@code POST /jsonrpc} ({@code common.authenticate}, {@code object.execute_kw} search_read as in
 * 17.0/18.0), with Odoo's request, answer and error shapes (see {@code fixtures/odoo/}). Records are
 * kept as the APIs return them (many2one as {@code [id, "name"]}, whole-second write dates); domains
 * are evaluated in Odoo's prefix notation; asking for a field the model does not have (as recorded in the fixtures)
 * is Odoo's error. Faults on demand: 429, slow answers, refused keys, missing
 * rights, missing fields (Community) and models.
 */
public final class OdooStandIn implements AutoCloseable {
    public static final String DATABASE = "acme-prod";
    public static final String LOGIN = "monitor@acme.example";
    public static final int UID = 9;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The models' descriptions, as Odoo names them in access errors. */
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "account.analytic.line",
            "Analytic Line",
            "account.move",
            "Journal Entry",
            "project.milestone",
            "Project Milestone",
            "hr.expense",
            "Expense",
            "res.partner",
            "Contact",
            "project.project",
            "Project");

    /**
     * The fields each model has, as Odoo recorded them (the webhook bodies and the search_read requests in
     * {@code fixtures/odoo/}): asking for any other is Odoo's "Invalid field" error, as on a real database.
     */
    private static final Map<String, Set<String>> FIELDS = recordedFields();

    private final HttpServer server;
    private final Map<String, Map<Long, ObjectNode>> records = new ConcurrentHashMap<>();
    private final Set<String> installed = ConcurrentHashMap.newKeySet();
    private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
    private final Set<String> missingFields = ConcurrentHashMap.newKeySet();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final AtomicInteger slow = new AtomicInteger();
    private volatile int retryAfterSeconds;
    private volatile Duration delay = Duration.ZERO;
    private volatile String apiKey;

    /** On a free loopback port. */
    public OdooStandIn(String apiKey) throws IOException {
        this.apiKey = apiKey;
        installed.addAll(List.of(
                "account.analytic.line",
                "account.move",
                "project.milestone",
                "hr.expense",
                "res.partner",
                "project.project",
                "hr.employee",
                "project.task",
                "res.currency"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "odoo-stand-in");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** The fields {@code model} has, as Odoo was recorded sending them (webhook bodies and search_read requests). */
    public static Set<String> fieldsOf(String model) {
        return FIELDS.getOrDefault(model, Set.of());
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A poll source configured for this stand-in, speaking {@code protocol} ({@code json-2} or {@code json-rpc}). */
    public io.handoff.ingest.poll.PollConfig.Source source(String protocol) {
        String odooUrl = url().toString();
        String key = apiKey;
        return new io.handoff.ingest.poll.PollConfig.Source() {
            public String url() {
                return odooUrl;
            }

            public String api() {
                return protocol;
            }

            public Optional<String> database() {
                return Optional.of(OdooStandIn.DATABASE);
            }

            public Optional<String> login() {
                return Optional.of(OdooStandIn.LOGIN);
            }

            public String apiKey() {
                return key;
            }

            public List<String> models() {
                return List.of();
            }

            public Duration every() {
                return Duration.ofMinutes(1);
            }

            public int pageSize() {
                return 500;
            }

            public Duration overlap() {
                return Duration.ofMinutes(5);
            }

            public Duration initialLookback() {
                return Duration.ofDays(1);
            }

            public Duration timeout() {
                return Duration.ofSeconds(5);
            }

            public Duration maxBackoff() {
                return Duration.ofMinutes(15);
            }
        };
    }

    /** Adds or replaces a record (API shape: {@code id}, {@code write_date} and fields). */
    public OdooStandIn put(String model, ObjectNode record) {
        records.computeIfAbsent(model, m -> new ConcurrentHashMap<>())
                .put(record.get("id").asLong(), record);
        return this;
    }

    public static ObjectNode record(long id, String writeDate) {
        return JSON.createObjectNode().put("id", id).put("write_date", writeDate);
    }

    public static ArrayNode many2one(long id, String name) {
        return JSON.createArrayNode().add(id).add(name);
    }

    public void changeKey(String key) {
        this.apiKey = key;
    }

    /** The next {@code count} requests get 429 with {@code Retry-After: seconds}. */
    public void rateLimitNext(int count, int seconds) {
        retryAfterSeconds = seconds;
        rateLimited.set(count);
    }

    /** The next {@code count} requests are answered after {@code wait}. */
    public void slowNext(int count, Duration wait) {
        delay = wait;
        slow.set(count);
    }

    public void forbid(String model) {
        forbidden.add(model);
    }

    public void allow(String model) {
        forbidden.remove(model);
    }

    public void uninstall(String model) {
        installed.remove(model);
    }

    /** The field does not exist on this database (e.g. {@code validated} on Community). */
    public void withoutField(String field) {
        missingFields.add(field);
    }

    /** Every request body received, in order. */
    public List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            if (slow.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                Thread.sleep(delay.toMillis());
            }
            if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(retryAfterSeconds));
                send(exchange, 429, JSON.createObjectNode().put("message", "Too Many Requests"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 404, httpError(404, "Did you mean POST /json/2/<model>/<method>?"));
                return;
            }
            JsonNode body = JSON.readTree(raw);
            requests.add(body);
            if (path.startsWith("/json/2/")) {
                json2(exchange, path.substring("/json/2/".length()), body);
            } else if (path.equals("/jsonrpc")) {
                jsonRpc(exchange, body);
            } else {
                send(exchange, 404, httpError(404, "The requested URL was not found on the server."));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void json2(HttpExchange exchange, String route, JsonNode body) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.equalsIgnoreCase("bearer " + apiKey)) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
            send(exchange, 401, httpError(401, "Invalid apikey"));
            return;
        }
        String database = exchange.getRequestHeaders().getFirst("X-Odoo-Database");
        if (database != null && !database.equals(DATABASE)) {
            send(exchange, 404, httpError(404, "database " + database + " not found"));
            return;
        }
        String[] parts = route.split("/");
        if (parts.length != 2 || !parts[1].equals("search_read")) {
            send(exchange, 404, httpError(404, "The requested URL was not found on the server."));
            return;
        }
        if (!installed.contains(parts[0])) {
            send(exchange, 404, httpError(404, "the model '" + parts[0] + "' does not exist"));
            return;
        }
        if (body.has("ids")) {
            send(exchange, 422, httpError(422, "cannot call search_read with ids"));
            return;
        }
        try {
            send(exchange, 200, searchRead(parts[0], body.get("domain"), body));
        } catch (OdooError e) {
            send(exchange, e.name.endsWith("AccessError") ? 403 : 500, error(e.name, e.getMessage()));
        }
    }

    private void jsonRpc(HttpExchange exchange, JsonNode body) throws IOException {
        JsonNode id = body.get("id");
        JsonNode params = body.path("params");
        JsonNode args = params.path("args");
        ObjectNode reply = JSON.createObjectNode().put("jsonrpc", "2.0").set("id", id);
        try {
            if (params.path("service").asText().equals("common")
                    && params.path("method").asText().equals("authenticate")) {
                boolean ok = args.path(0).asText().equals(DATABASE)
                        && args.path(1).asText().equals(LOGIN)
                        && args.path(2).asText().equals(apiKey);
                reply.set(
                        "result",
                        ok
                                ? JSON.getNodeFactory().numberNode(UID)
                                : JSON.getNodeFactory().booleanNode(false));
            } else if (params.path("service").asText().equals("object")
                    && params.path("method").asText().equals("execute_kw")) {
                if (!args.path(0).asText().equals(DATABASE)
                        || args.path(1).asInt() != UID
                        || !args.path(2).asText().equals(apiKey)) {
                    throw new OdooError("odoo.exceptions.AccessDenied", "Access Denied");
                }
                String model = args.path(3).asText();
                if (!installed.contains(model)) {
                    throw new OdooError("odoo.exceptions.UserError", "Object " + model + " doesn't exist");
                }
                reply.set("result", searchRead(model, args.path(5).path(0), args.path(6)));
            } else {
                throw new OdooError("builtins.KeyError", "unknown service/method");
            }
        } catch (OdooError e) {
            ObjectNode error = reply.putObject("error").put("code", 200).put("message", "Odoo Server Error");
            error.set("data", error(e.name, e.getMessage()));
        }
        send(exchange, 200, reply); // JSON-RPC errors come with HTTP 200 too
    }

    private ArrayNode searchRead(String model, JsonNode domain, JsonNode kwargs) throws OdooError {
        if (forbidden.contains(model)) {
            throw new OdooError(
                    "odoo.exceptions.AccessError",
                    "You are not allowed to access '" + DESCRIPTIONS.getOrDefault(model, model) + "' (" + model
                            + ") records.\n\nContact your administrator to request access if necessary.");
        }
        List<String> fields = new ArrayList<>();
        kwargs.path("fields").forEach(f -> fields.add(f.asText()));
        for (String field : fields) {
            // Every model has display_name (a field since 17.0).
            if (missingFields.contains(field) || !(fieldsOf(model).contains(field) || field.equals("display_name"))) {
                throw new OdooError("builtins.ValueError", "Invalid field '" + field + "' on model '" + model + "'");
            }
        }
        String order = kwargs.path("order").asText();
        if (!order.equals("write_date asc, id asc") && !order.equals("id asc")) {
            throw new OdooError(
                    "builtins.ValueError", "the stand-in only orders by 'write_date asc, id asc' or 'id asc'");
        }
        Predicate<JsonNode> matches = Domain.parse(domain);
        int offset = kwargs.path("offset").asInt(0);
        int limit = kwargs.path("limit").asInt(Integer.MAX_VALUE);
        // Odoo hides archived records (active = false) unless the context says active_test: false.
        boolean activeTest = kwargs.path("context").path("active_test").asBoolean(true);
        List<ObjectNode> found = records.getOrDefault(model, Map.of()).values().stream()
                .filter(r -> !activeTest || r.path("active").asBoolean(true))
                .filter(matches)
                .sorted(
                        order.equals("id asc")
                                ? Comparator.comparing(
                                        (ObjectNode r) -> r.get("id").asLong())
                                : Comparator.comparing((ObjectNode r) ->
                                                r.get("write_date").asText())
                                        .thenComparing(r -> r.get("id").asLong()))
                .skip(offset)
                .limit(limit)
                .toList();
        // load: null (or "") asks for many2one values as bare ids instead of [id, "display name"].
        boolean bareIds = kwargs.has("load")
                && (kwargs.get("load").isNull() || kwargs.get("load").asText().isEmpty());
        ArrayNode out = JSON.createArrayNode();
        for (ObjectNode record : found) {
            ObjectNode row = out.addObject().set("id", record.get("id"));
            for (String field : fields) {
                JsonNode value = record.has(field)
                        ? record.get(field)
                        : JSON.getNodeFactory().booleanNode(false);
                boolean many2one = value.isArray()
                        && value.size() == 2
                        && value.get(0).isIntegralNumber()
                        && value.get(1).isTextual();
                row.set(field, bareIds && many2one ? value.get(0) : value);
            }
        }
        return out;
    }

    private static Map<String, Set<String>> recordedFields() {
        Map<String, Set<String>> fields = new ConcurrentHashMap<>();
        for (String name : List.of(
                "webhook-expense-approved.json",
                "webhook-expense-sheet-approved.json",
                "webhook-invoice-cancelled.json",
                "webhook-invoice-paid.json",
                "webhook-invoice-posted.json",
                "webhook-milestone-reached.json",
                "webhook-timesheet-invoiced.json",
                "webhook-timesheet-validated.json")) {
            JsonNode body = fixture(name);
            body.fieldNames().forEachRemaining(f -> {
                if (!f.startsWith("_")) {
                    fields.computeIfAbsent(body.get("_model").asText(), m -> ConcurrentHashMap.newKeySet())
                            .add(f);
                }
            });
        }
        for (String model : List.of("account.analytic.line", "account.move")) {
            fixture("json2-search_read-" + model + "-request.json")
                    .get("fields")
                    .forEach(f -> fields.computeIfAbsent(model, m -> ConcurrentHashMap.newKeySet())
                            .add(f.asText()));
        }
        return Map.copyOf(fields);
    }

    private static JsonNode fixture(String name) {
        try (var in = OdooStandIn.class.getResourceAsStream("/fixtures/odoo/" + name)) {
            if (in == null) {
                throw new IllegalStateException("fixtures/odoo/" + name + " is missing");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An Odoo exception as the APIs serialise it: its class, message, arguments, context and traceback. */
    private static ObjectNode error(String name, String message) {
        ObjectNode error = JSON.createObjectNode().put("name", name).put("message", message);
        error.putArray("arguments").add(message);
        error.putObject("context");
        error.put("debug", "Traceback (most recent call last):\n  ...\n" + name + ": " + message + "\n");
        return error;
    }

    /** A werkzeug HTTP exception: the status is among the arguments and in the traceback's last line. */
    private static ObjectNode httpError(int status, String message) {
        String[] names = switch (status) {
            case 401 -> new String[] {"Unauthorized", "Unauthorized"};
            case 404 -> new String[] {"NotFound", "Not Found"};
            case 422 -> new String[] {"UnprocessableEntity", "Unprocessable Entity"};
            default -> throw new IllegalArgumentException("no werkzeug exception for " + status);
        };
        ObjectNode error = error("werkzeug.exceptions." + names[0], message);
        ((ArrayNode) error.get("arguments")).add(status);
        error.put(
                "debug",
                "Traceback (most recent call last):\n  ...\nwerkzeug.exceptions." + names[0] + ": " + status + " "
                        + names[1] + ": " + message + "\n");
        return error;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static final class OdooError extends Exception {
        final String name;

        OdooError(String name, String message) {
            super(message);
            this.name = name;
        }
    }

    /** Odoo domains: prefix notation with {@code &}, {@code |}, {@code !}; terms {@code [field, operator, value]}; implicit AND. */
    static final class Domain {
        private final JsonNode items;
        private int next;

        private Domain(JsonNode items) {
            this.items = items;
        }

        static Predicate<JsonNode> parse(JsonNode domain) {
            Domain d = new Domain(domain == null || domain.isNull() ? JSON.createArrayNode() : domain);
            Predicate<JsonNode> all = r -> true;
            while (d.next < d.items.size()) {
                all = all.and(d.expression());
            }
            return all;
        }

        private Predicate<JsonNode> expression() {
            JsonNode item = items.get(next++);
            if (item.isTextual()) {
                return switch (item.asText()) {
                    case "&" -> expression().and(expression());
                    case "|" -> {
                        Predicate<JsonNode> left = expression();
                        yield left.or(expression());
                    }
                    case "!" -> expression().negate();
                    default -> throw new IllegalArgumentException("unknown domain operator " + item);
                };
            }
            String field = item.get(0).asText();
            String operator = item.get(1).asText();
            JsonNode value = item.get(2);
            return record -> term(record.get(field), operator, value);
        }

        private static boolean term(JsonNode actual, String operator, JsonNode value) {
            JsonNode v = actual == null
                    ? JSON.getNodeFactory().booleanNode(false)
                    : actual.isArray() && actual.size() == 2 ? actual.get(0) : actual;
            return switch (operator) {
                case "=" -> compare(v, value) == 0;
                case "!=" -> compare(v, value) != 0;
                case ">" -> compare(v, value) > 0;
                case ">=" -> compare(v, value) >= 0;
                case "<" -> compare(v, value) < 0;
                case "<=" -> compare(v, value) <= 0;
                case "in" -> contains(value, v);
                case "not in" -> !contains(value, v);
                default ->
                    throw new IllegalArgumentException("operator " + operator + " not supported by the stand-in");
            };
        }

        private static boolean contains(JsonNode list, JsonNode v) {
            for (JsonNode item : list) {
                if (compare(v, item) == 0) {
                    return true;
                }
            }
            return false;
        }

        private static int compare(JsonNode a, JsonNode b) {
            if (a.isNumber() && b.isNumber()) {
                return Double.compare(a.asDouble(), b.asDouble());
            }
            if (a.isBoolean() || b.isBoolean()) {
                return a.asText().equals(b.asText()) ? 0 : 1;
            }
            return a.asText().compareTo(b.asText());
        }
    }
}
