package io.handoff.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail. {@code type} is a relative URI under {@code /problems/}, where the API describes
 * every type; {@code errors} names the offending members by JSON pointer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String pointer, String detail) {}

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail, null, null);
    }

    /** A problem about one member of the input, named by its JSON pointer ({@code ""}: the whole body). */
    public static Problem about(ProblemType type, String pointer, String detail) {
        return new Problem(
                type.uri(), type.title(), type.status(), detail, null, List.of(new FieldError(pointer, detail)));
    }

    public Problem at(String instance) {
        return new Problem(type, title, status, detail, instance, errors);
    }
}
