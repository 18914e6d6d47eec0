package io.handoff.ingest.http;

import io.handoff.ingest.BufferFullException;
import io.handoff.ingest.StorageUnavailableException;
import io.handoff.web.Problem;
import io.handoff.web.ProblemType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Back-pressure at the edge leaves as 503 problem+json with the Retry-After the intake asks for. */
public class IngestProblemMappers {
    @ServerExceptionMapper
    public Response bufferFull(BufferFullException e, UriInfo uri) {
        return retryLater(Problem.of(ProblemType.BUFFER_FULL, e.getMessage()).at(uri.getPath()), e.retryAfterSeconds());
    }

    @ServerExceptionMapper
    public Response storageUnavailable(StorageUnavailableException e, UriInfo uri) {
        return retryLater(
                Problem.of(ProblemType.STORAGE_UNAVAILABLE, e.getMessage()).at(uri.getPath()), e.retryAfterSeconds());
    }

    private static Response retryLater(Problem problem, int retryAfterSeconds) {
        return Response.status(503)
                .type(Problem.MEDIA_TYPE)
                .header("Retry-After", retryAfterSeconds)
                .entity(problem)
                .build();
    }
}
