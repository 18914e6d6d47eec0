package io.handoff.api;

import io.handoff.web.ProblemException;
import io.handoff.web.ProblemType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Makes every problem {@code type} URI resolvable to what it means and what to do. */
@Path("/problems")
@Produces(MediaType.APPLICATION_JSON)
public class ProblemTypesResource {

    @GET
    public List<Map<String, Object>> all() {
        return Arrays.stream(ProblemType.values())
                .map(ProblemTypesResource::describe)
                .toList();
    }

    @GET
    @Path("/{slug}")
    public Map<String, Object> one(@PathParam("slug") String slug) {
        return Arrays.stream(ProblemType.values())
                .filter(t -> t.slug().equals(slug))
                .findFirst()
                .map(ProblemTypesResource::describe)
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "no problem type " + slug));
    }

    private static Map<String, Object> describe(ProblemType type) {
        return Map.of("type", type.uri(), "title", type.title(), "status", type.status(), "guidance", type.guidance());
    }
}
