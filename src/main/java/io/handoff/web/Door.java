package io.handoff.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The first thing a request with a body meets, before a byte of the body is read: its key must be valid
 * for the door it knocks on (ingest key for {@code /api/v1/events}, the webhook's own token for
 * {@code /api/v1/odoo/webhook/<source>}, an operator key for every other body), and its declared length
 * within {@code handoff.ingest.max-body-bytes}. Anything else is answered with a problem; a body over 1 MiB (or
 * of no declared length) is never read, the connection is closed, so an unauthenticated 50 MB body costs the
 * service its headers only; a smaller one is discarded after the answer. The resources
 * check the key again for everything the door does not see (reads).
 */
@ApplicationScoped
public class Door {
    static final String EVENTS = "/api/v1/events";
    static final String WEBHOOK = "/api/v1/odoo/webhook/";

    /** Bodies up to this size are discarded after a refusal instead of closing the connection. */
    static final long DISCARDED_AT_MOST = 1 << 20;

    private final Access access;
    private final ObjectMapper json;
    private final long maxBodyBytes;

    /** @param maxBodyBytes the ingest limit, read by name: the door stands before every API and knows no ingest type */
    public Door(
            Access access,
            ObjectMapper json,
            @ConfigProperty(name = "handoff.ingest.max-body-bytes", defaultValue = "10485760") long maxBodyBytes) {
        this.access = access;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    void install(@Observes Router router) {
        router.route("/api/*").order(-1000).handler(this::check);
    }

    void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpMethod method = request.method();
        if (!(HttpMethod.POST.equals(method) || HttpMethod.PUT.equals(method) || HttpMethod.PATCH.equals(method))) {
            context.next();
            return;
        }
        String path = trimmed(context.normalizedPath());
        String length = request.getHeader("Content-Length");
        long declared = length == null ? -1 : declaredLength(length);
        try {
            if (path.equals(EVENTS)) {
                access.require(
                        Role.INGEST,
                        Access.presented(request.getHeader("Authorization"), request.getHeader("X-API-Key")));
            } else if (path.startsWith(WEBHOOK)) {
                Caller caller = access.require(Role.WEBHOOK, request.getParam("token"));
                if (!caller.source().equals(path.substring(WEBHOOK.length()))) {
                    // Same answer as a wrong token: the URL must not reveal which sources exist.
                    throw new ProblemException(ProblemType.UNAUTHORIZED, "the token is not valid for this webhook URL");
                }
            } else {
                access.require(
                        Role.OPERATOR,
                        Access.presented(request.getHeader("Authorization"), request.getHeader("X-API-Key")));
            }
            if (declared > maxBodyBytes) {
                throw new ProblemException(
                        ProblemType.BODY_TOO_LARGE,
                        "the body has " + length.trim() + " bytes; at most " + maxBodyBytes
                                + " are accepted (handoff.ingest.max-body-bytes)");
            }
        } catch (ProblemException refused) {
            refuse(context, refused.problem().at(path), declared);
            return;
        }
        context.next();
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // not a length: refused as too large rather than trusted
        }
    }

    private static String trimmed(String path) {
        String p = path == null ? "" : path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** @param declared the body's declared length, or -1 when it declares none */
    private void refuse(RoutingContext context, Problem problem, long declared) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            body = ("{\"status\":" + problem.status() + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        // The body was never read: closing the connection keeps it that way (the next request could not start anyway).
        HttpServerRequest request = context.request();
        if (declared >= 0 && declared <= DISCARDED_AT_MOST) {
            // A small body is read and thrown away after the answer, so the client, still sending, is sure to see the
            // answer (closing on unread data resets the connection, and the answer with it) and may reuse the
            // connection.
            request.handler(ignored -> {});
            request.resume();
            context.response()
                    .setStatusCode(problem.status())
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(io.vertx.core.buffer.Buffer.buffer(body));
            return;
        }
        context.response()
                .setStatusCode(problem.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Connection", "close")
                .end(io.vertx.core.buffer.Buffer.buffer(body))
                // Vert.x would close only once the request ended, i.e. after reading the body we refuse to read.
                .onComplete(sent -> request.connection().close());
    }
}
