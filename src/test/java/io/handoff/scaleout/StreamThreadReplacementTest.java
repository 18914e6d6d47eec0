package io.handoff.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamThreadReplacementTest {
    private final StreamThreadReplacement replacement = new StreamThreadReplacement(
            () -> {
                throw new AssertionError("no admin client for naming");
            },
            "handoff-flows",
            "10.0.0.7-8080");

    @Test
    void aStreamThreadsMemberIsTheInstanceIdAndTheThreadIndex() {
        assertThat(replacement.memberOf("handoff-flows-6f1c2a9e-StreamThread-3"))
                .isEqualTo("10.0.0.7-8080-3");
        assertThat(replacement.memberOf("handoff-flows-6f1c2a9e-StreamThread-12"))
                .isEqualTo("10.0.0.7-8080-12");
    }

    @Test
    void otherThreadsAndAnInstanceWithoutStaticMembershipHaveNone() {
        assertThat(replacement.memberOf("main")).isNull();
        assertThat(replacement.memberOf("handoff-flows-6f1c2a9e-StreamThread-x"))
                .isNull();
        assertThat(new StreamThreadReplacement(() -> null, "handoff-flows", null)
                        .memberOf("handoff-flows-6f1c2a9e-StreamThread-1"))
                .isNull();
    }
}
