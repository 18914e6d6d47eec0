package io.handoff.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Reads request bodies as JSON within the configured size, or ends the request with a problem naming the body ({@code ""}). */
public final class RequestBodies {
    private RequestBodies() {}

    public static JsonNode json(ObjectMapper mapper, byte[] body, int maxBytes) {
        if (body == null || body.length == 0) {
            throw new ProblemException(Problem.about(ProblemType.MALFORMED_JSON, "", "the request body is empty"));
        }
        if (body.length > maxBytes) {
            throw new ProblemException(
                    ProblemType.BODY_TOO_LARGE,
                    "the body has " + body.length + " bytes; at most " + maxBytes
                            + " are accepted (handoff.ingest.max-body-bytes)");
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            String where =
                    location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            throw new ProblemException(Problem.about(
                    ProblemType.MALFORMED_JSON,
                    "",
                    "the body is not valid JSON" + where + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ProblemException(
                    Problem.about(ProblemType.MALFORMED_JSON, "", "the body could not be read: " + e.getMessage()));
        }
    }

    /** A member that must be a string when present; null when absent or null; otherwise a {@code type} problem naming it. */
    public static String text(JsonNode request, String field, ProblemType type) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new ProblemException(Problem.about(type, "/" + field, field + " must be a string"));
        }
        return value.asText();
    }
}
