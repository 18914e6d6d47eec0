package io.handoff.ingest.http;

import io.handoff.ingest.Rejection;
import io.handoff.web.Problem;
import io.handoff.web.ProblemType;

/** An input refused at the edge as the problem its sender gets: the type named by the reason, the member by its pointer. */
final class RejectionProblems {
    private RejectionProblems() {}

    static Problem of(Rejection rejection) {
        return Problem.about(ProblemType.bySlug(rejection.reason()), rejection.pointer(), rejection.detail());
    }
}
