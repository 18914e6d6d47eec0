package io.handoff.api;

import io.handoff.web.ProblemException;
import io.handoff.web.ProblemType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The runbooks, served by the service they are about, so that every alert's {@code runbook_url} and every
 * dashboard's runbook link works wherever Handoff runs (the files travel in the jar, from {@code runbooks/}).
 * Plain text: the Markdown reads as it is, in a browser or a terminal. No key: they hold no data of the firm.
 */
@Path("/runbooks")
public class RunbooksResource {
    /** Runbooks are named after their alert: Handoff...md. */
    private static final Pattern NAME = Pattern.compile("Handoff[A-Za-z0-9]{1,80}\\.md");

    @GET
    @Path("/{name}")
    @Produces("text/plain; charset=utf-8")
    @Operation(summary = "A runbook (Markdown as plain text), as alerts and dashboards link it")
    public String runbook(@PathParam("name") String name) {
        if (!NAME.matcher(name).matches()) {
            throw new ProblemException(
                    ProblemType.NOT_FOUND,
                    "no runbook by that name: runbooks are named after their alert, e.g." + " HandoffSourceSilent.md");
        }
        try (InputStream in = RunbooksResource.class.getResourceAsStream("/runbooks/" + name)) {
            if (in == null) {
                throw notFound(name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ProblemException notFound(String name) {
        return new ProblemException(ProblemType.NOT_FOUND, "no runbook named " + name);
    }
}
