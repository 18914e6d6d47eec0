package io.handoff.ingest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.api.Problem;
import io.handoff.api.ProblemException;
import io.handoff.api.ProblemType;
import java.io.IOException;
import java.util.List;

/** Reads request bodies as JSON within the configured size, or ends the request with a problem. */
final class RequestBodies {
    private RequestBodies() {}

    static JsonNode json(ObjectMapper mapper, byte[] body, int maxBytes) {
        if (body == null || body.length == 0) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "the request body is empty");
        }
        if (body.length > maxBytes) {
            throw new ProblemException(ProblemType.BODY_TOO_LARGE,
                    "the body has " + body.length + " bytes; at most " + maxBytes + " are accepted (handoff.ingest.max-body-bytes)");
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            throw new ProblemException(new Problem(ProblemType.MALFORMED_JSON.uri(), ProblemType.MALFORMED_JSON.title(), 400,
                    "the body is not valid JSON" + where + ": " + e.getOriginalMessage(), null, List.of(new Problem.FieldError("", e.getOriginalMessage()))));
        } catch (IOException e) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "the body could not be read: " + e.getMessage());
        }
    }
}
