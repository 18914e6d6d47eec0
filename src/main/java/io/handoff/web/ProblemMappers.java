package io.handoff.web;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as problem+json, including the framework's own 404/405/415. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    public static Response respond(Problem problem) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.problem().at(uri.getPath()));
    }

    /** A body the framework could not bind (our resources read theirs by hand; this is the safety net). */
    @ServerExceptionMapper
    public Response unreadable(com.fasterxml.jackson.core.JsonProcessingException e, UriInfo uri) {
        return respond(
                Problem.about(ProblemType.MALFORMED_JSON, "", "the body could not be read: " + e.getOriginalMessage())
                        .at(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.NOT_FOUND, "no resource at " + uri.getPath())
                .at(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        return respond(Problem.of(
                        ProblemType.METHOD_NOT_ALLOWED,
                        "allowed: " + e.getResponse().getAllowedMethods())
                .at(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, ProblemType.UNSUPPORTED_MEDIA_TYPE.guidance())
                .at(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.NOT_ACCEPTABLE, ProblemType.NOT_ACCEPTABLE.guidance())
                .at(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status < 500) {
            ProblemType type = status == 413 ? ProblemType.BODY_TOO_LARGE : ProblemType.INVALID_QUERY;
            return respond(new Problem(type.uri(), type.title(), status, e.getMessage(), uri.getPath(), null));
        }
        return unexpected(e, uri);
    }

    /** Errors too (a stack overflow on some input): the answer is problem+json, never a stack page, and the service goes on. */
    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String incident = UUID.randomUUID().toString();
        // The path only: a query may carry a webhook token.
        LOG.errorf(e, "unexpected error on %s (incident %s)", uri.getPath(), incident);
        return respond(Problem.of(ProblemType.INTERNAL, "incident " + incident).at(uri.getPath()));
    }
}
