package io.handoff.ingest.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoff.ingest.poll.OdooApiException.Kind;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Odoo 17/18's JSON-RPC API: {@code POST /jsonrpc}, {@code common.authenticate} for the uid, then
 * {@code object.execute_kw}. Errors come with HTTP 200 in an {@code error} member whose
 * {@code data.name} is the Python exception class.
 */
final class JsonRpcApi implements OdooApi {
    private final OdooHttp http;
    private final URI endpoint;
    private final String database;
    private final String login;
    private final String apiKey;
    private Long uid;
    private long nextId = 1;

    JsonRpcApi(OdooHttp http, URI base, String database, String login, String apiKey) {
        this.http = http;
        this.endpoint = base.resolve("/jsonrpc");
        this.database = database;
        this.login = login;
        this.apiKey = apiKey;
    }

    @Override
    public String protocol() {
        return "json-rpc";
    }

    @Override
    public List<ObjectNode> searchRead(SearchRead request) throws OdooApiException {
        if (uid == null) {
            uid = authenticate();
        }
        ObjectNode kwargs = http.json().createObjectNode();
        kwargs.set("fields", http.json().valueToTree(request.fields()));
        kwargs.put("order", request.order());
        kwargs.put("limit", request.limit());
        kwargs.put("offset", 0);
        ObjectNode context = kwargs.putObject("context").put("lang", "en_US").put("tz", "UTC");
        if (request.includeArchived()) {
            context.put("active_test", false);
        }
        ArrayNode positional = http.json().createArrayNode().add(request.domain());
        ArrayNode args = http.json()
                .createArrayNode()
                .add(database)
                .add(uid)
                .add(apiKey)
                .add(request.model())
                .add("search_read")
                .add(positional)
                .add(kwargs);
        try {
            return Json2Api.rows(call("object", "execute_kw", args), "execute_kw " + request.model() + ".search_read");
        } catch (OdooApiException e) {
            if (e.kind() == Kind.UNAUTHORIZED) {
                uid = null; // the key may have been rotated: authenticate again next time
            }
            throw e;
        }
    }

    private long authenticate() throws OdooApiException {
        ArrayNode args = http.json()
                .createArrayNode()
                .add(database)
                .add(login)
                .add(apiKey)
                .add(http.json().createObjectNode());
        JsonNode result = call("common", "authenticate", args);
        if (result == null || !result.canConvertToLong() || result.asLong() <= 0) {
            throw new OdooApiException(
                    Kind.UNAUTHORIZED,
                    "common.authenticate refused login '" + login + "' on database '" + database
                            + "': wrong login, API key or database name (API keys of non-admin users expire in Odoo 18+)");
        }
        return result.asLong();
    }

    private JsonNode call(String service, String method, ArrayNode args) throws OdooApiException {
        ObjectNode body = http.json().createObjectNode();
        body.put("jsonrpc", "2.0").put("method", "call").put("id", nextId++);
        body.putObject("params").put("service", service).put("method", method).set("args", args);
        OdooHttp.Answer answer = http.post(endpoint, Map.of(), body);
        String where = service + "." + method;
        if (answer.status() == 404) {
            throw new OdooApiException(
                    Kind.UNKNOWN_MODEL,
                    where + ": 404 for /jsonrpc (is this an Odoo server? Odoo 20+ dropped JSON-RPC: use api=json-2)");
        }
        if (answer.status() != 200) {
            throw new OdooApiException(
                    answer.status() >= 500 ? Kind.UNAVAILABLE : Kind.PROTOCOL, where + ": HTTP " + answer.status());
        }
        JsonNode reply = answer.body();
        if (reply == null || !reply.isObject()) {
            throw new OdooApiException(Kind.PROTOCOL, where + ": the answer is not a JSON-RPC object");
        }
        JsonNode error = reply.get("error");
        if (error != null && !error.isNull()) {
            int code = error.path("code").asInt();
            if (code == 100) {
                throw new OdooApiException(Kind.UNAUTHORIZED, where + ": Odoo Session Expired");
            }
            if (code == 404) {
                throw new OdooApiException(
                        Kind.UNKNOWN_MODEL, where + ": " + error.path("message").asText());
            }
            throw OdooHttp.error(error.path("data"), Kind.UNAVAILABLE, where);
        }
        return reply.get("result");
    }
}
