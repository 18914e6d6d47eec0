package io.handoff.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceparentTest {
    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aValidValueIsKeptAndSplitIntoItsParts() {
        assertThat(Traceparent.validOrNull(VALID)).isEqualTo(VALID);
        assertThat(Traceparent.validOrNull(" " + VALID.toUpperCase() + " ")).isEqualTo(VALID);
        assertThat(Traceparent.traceId(VALID)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(Traceparent.spanId(VALID)).isEqualTo("00f067aa0ba902b7");
        assertThat(Traceparent.flags(VALID)).isEqualTo("01");
    }

    @Test
    void aFutureVersionMayCarryMoreFieldsAndIsReadAsVersionZero() {
        assertThat(Traceparent.validOrNull("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"))
                .isEqualTo("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    }

    @Test
    void invalidValuesAreIgnoredAsTheW3cAsks() {
        assertThat(Traceparent.validOrNull(null)).isNull();
        assertThat(Traceparent.validOrNull("garbage")).isNull();
        assertThat(Traceparent.validOrNull(VALID + "-extra"))
                .as("version 00 has exactly four fields")
                .isNull();
        assertThat(Traceparent.validOrNull("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .as("version ff is invalid")
                .isNull();
        assertThat(Traceparent.validOrNull("00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
                .as("all-zero trace id")
                .isNull();
        assertThat(Traceparent.validOrNull("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"))
                .as("all-zero span id")
                .isNull();
        assertThat(Traceparent.validOrNull("00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01"))
                .as("short trace id")
                .isNull();
    }
}
