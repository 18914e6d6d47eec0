package io.handoff.web;

import java.util.Arrays;

/** Every kind of problem Handoff answers with, its HTTP status and what to do about it. */
public enum ProblemType {
    MALFORMED_JSON(
            "malformed-json",
            400,
            "Malformed JSON",
            "The body is not valid JSON. Fix the serialisation; nothing was accepted."),
    INVALID_EVENT("invalid-event", 400, "Invalid event", "The input is not a JSON object of the expected kind."),
    INVALID_ATTRIBUTE(
            "invalid-attribute",
            400,
            "Invalid attribute",
            "A CloudEvents attribute or data member is missing or malformed; the pointer names it."),
    INVALID_SNAPSHOT(
            "invalid-snapshot",
            400,
            "Invalid Odoo snapshot",
            "The webhook body lacks _model/_id or has an unreadable write_date."),
    INVALID_QUERY("invalid-query", 400, "Invalid query", "A query parameter is out of range or malformed."),
    INVALID_ACTION(
            "invalid-action",
            400,
            "Invalid action",
            "A field of an action on an exception (comment, assignee, until) is missing or malformed; the pointer names it."),
    INVALID_MAINTENANCE_WINDOW(
            "invalid-maintenance-window",
            400,
            "Invalid maintenance window",
            "A field of a maintenance window (id, start, end, slas, source, reason) is missing or malformed; the pointer names it."),
    UNKNOWN_TYPE(
            "unknown-type",
            422,
            "Unknown event type",
            "The type is not one Handoff understands; see the event type table in the README."),
    IMPLAUSIBLE_TIME(
            "implausible-time",
            422,
            "Implausible event time",
            "The event time lies too far in the future or the past (handoff.ingest.max-future-skew, max-age)."),
    FLOW_FULL(
            "flow-full",
            422,
            "Flow at its bound",
            "The flow holds handoff.engine.max-events-per-flow events, or its link target is linked from max-links-per-target flows; nothing more about it is accepted. A runaway sender?"),
    UNMAPPED_MODEL(
            "unmapped-model",
            422,
            "No mapping for this Odoo model",
            "Add a rule handoff.odoo.rules.<name>.model/when/emit for the model."),
    UNAUTHORIZED(
            "unauthorized",
            401,
            "Credentials required",
            "Send the API key as 'Authorization: Bearer <key>' (webhooks: ?token=<key>)."),
    FORBIDDEN("forbidden", 403, "Not allowed", "The key is valid but its role does not allow this request."),
    FORBIDDEN_SOURCE(
            "forbidden-source",
            403,
            "Source not allowed for this key",
            "The key may not send events of this CloudEvent source (handoff.sources.<name>.allowed-sources; odoo/ is Odoo's own)."),
    NOT_FOUND("not-found", 404, "Not found", "Nothing is known under this name."),
    CONFLICT(
            "conflict",
            409,
            "Conflict",
            "The resource is in a state that does not allow this (e.g. acknowledging a resolved exception)."),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed", "See the OpenAPI document at /q/openapi."),
    NOT_ACCEPTABLE(
            "not-acceptable", 406, "Not acceptable", "The API answers application/json and application/problem+json."),
    BODY_TOO_LARGE(
            "body-too-large",
            413,
            "Body too large",
            "Split the batch (handoff.ingest.max-body-bytes, max-batch-events)."),
    UNSUPPORTED_MEDIA_TYPE(
            "unsupported-media-type",
            415,
            "Unsupported media type",
            "Use application/cloudevents+json, application/cloudevents-batch+json or application/json."),
    BUFFER_FULL(
            "buffer-full",
            503,
            "Buffer full",
            "Handoff cannot keep more events right now; nothing of this request was accepted. Retry after Retry-After seconds."),
    STORAGE_UNAVAILABLE(
            "storage-unavailable",
            503,
            "Storage unavailable",
            "The events were not stored in time, so they are not acknowledged. Retry after Retry-After seconds: a retry never stores an event twice."),
    UNAVAILABLE(
            "unavailable",
            503,
            "Temporarily unavailable",
            "The engine, or the instance of the group that owns what was asked, did not answer in time; retry."),
    INTERNAL("internal", 500, "Internal error", "A bug: the log has the stack trace under the same instance id.");

    private final String slug;
    private final int status;
    private final String title;
    private final String guidance;

    ProblemType(String slug, int status, String title, String guidance) {
        this.slug = slug;
        this.status = status;
        this.title = title;
        this.guidance = guidance;
    }

    public String slug() {
        return slug;
    }

    public String uri() {
        return "/problems/" + slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String guidance() {
        return guidance;
    }

    public static ProblemType bySlug(String slug) {
        return Arrays.stream(values())
                .filter(t -> t.slug.equals(slug))
                .findFirst()
                .orElse(INVALID_EVENT);
    }
}
