package io.handoff.ingest.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoff.ingest.poll.OdooApiException.Kind;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Odoo 19+'s JSON-2 API: {@code POST /json/2/<model>/search_read} with the API key as bearer token.
 * The HTTP status carries the error class; the body is the method's return value as is.
 */
final class Json2Api implements OdooApi {
    private final OdooHttp http;
    private final URI base;
    private final Map<String, String> headers = new LinkedHashMap<>();

    Json2Api(OdooHttp http, URI base, String database, String apiKey) {
        this.http = http;
        this.base = base;
        headers.put("Authorization", "bearer " + apiKey);
        if (database != null && !database.isBlank()) {
            headers.put("X-Odoo-Database", database);
        }
    }

    @Override
    public String protocol() {
        return "json-2";
    }

    @Override
    public List<ObjectNode> searchRead(SearchRead request) throws OdooApiException {
        ObjectNode body = http.json().createObjectNode();
        body.set("domain", request.domain());
        body.set("fields", http.json().valueToTree(request.fields()));
        body.put("order", request.order());
        body.put("limit", request.limit());
        body.put("offset", 0);
        ObjectNode context = body.putObject("context").put("lang", "en_US").put("tz", "UTC");
        if (request.includeArchived()) {
            context.put("active_test", false);
        }
        URI uri = base.resolve("/json/2/" + request.model() + "/search_read");
        OdooHttp.Answer answer = http.post(uri, headers, body);
        String where = "POST " + uri.getPath();
        switch (answer.status()) {
            case 200 -> {
                return rows(answer.body(), where);
            }
            case 401 ->
                throw new OdooApiException(
                        Kind.UNAUTHORIZED,
                        where + ": 401, the API key was refused (expired, revoked, " + "or not a global key)"
                                + said(answer.body()));
            case 403 -> throw OdooHttp.error(answer.body(), Kind.FORBIDDEN, where + ": 403");
            case 404 ->
                throw new OdooApiException(
                        Kind.UNKNOWN_MODEL,
                        where + ": 404, model " + request.model()
                                + " or method search_read unknown on this server (module not installed? server older than 19.0? use api=json-rpc)"
                                + said(answer.body()));
            case 409 -> throw OdooHttp.error(answer.body(), Kind.UNAVAILABLE, where + ": 409");
            case 422 -> throw OdooHttp.error(answer.body(), Kind.PROTOCOL, where + ": 422");
            default ->
                throw OdooHttp.error(
                        answer.body(),
                        answer.status() >= 500 ? Kind.UNAVAILABLE : Kind.PROTOCOL,
                        where + ": " + answer.status());
        }
    }

    private static String said(JsonNode body) {
        String message = body == null ? "" : body.path("message").asText("");
        return message.isEmpty() ? "" : " (Odoo: " + message + ")";
    }

    static List<ObjectNode> rows(JsonNode result, String where) throws OdooApiException {
        if (result == null || !result.isArray()) {
            throw new OdooApiException(
                    Kind.PROTOCOL,
                    where + ": search_read must answer a JSON array of records, got "
                            + (result == null
                                    ? "nothing"
                                    : result.getNodeType().name().toLowerCase()));
        }
        List<ObjectNode> rows = new ArrayList<>(result.size());
        for (JsonNode row : result) {
            if (!row.isObject() || !row.path("id").canConvertToLong()) {
                throw new OdooApiException(Kind.PROTOCOL, where + ": a record without an integer id: " + row);
            }
            rows.add((ObjectNode) row);
        }
        return rows;
    }
}
