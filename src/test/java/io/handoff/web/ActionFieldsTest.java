package io.handoff.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ActionFieldsTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static String pointer(Runnable r) {
        try {
            r.run();
        } catch (ProblemException e) {
            assertThat(e.problem().type()).endsWith("invalid-action");
            return e.problem().errors().get(0).pointer();
        }
        throw new AssertionError("no problem raised");
    }

    @Test
    void aDateMeansEightInTheMorningInTheConsolesZone() {
        assertThat(ActionFields.until("2026-12-03", BERLIN, NOW)).isEqualTo(Instant.parse("2026-12-03T07:00:00Z"));
        assertThat(ActionFields.until("2026-12-03T09:30:00Z", BERLIN, NOW))
                .isEqualTo(Instant.parse("2026-12-03T09:30:00Z"));
        assertThat(pointer(() -> ActionFields.until("2026-11-30", BERLIN, NOW))).isEqualTo("/until");
        assertThat(pointer(() -> ActionFields.until("2028-01-01", BERLIN, NOW))).isEqualTo("/until");
        assertThat(pointer(() -> ActionFields.until("tomorrow", BERLIN, NOW))).isEqualTo("/until");
        assertThat(pointer(() -> ActionFields.until(null, BERLIN, NOW))).isEqualTo("/until");
        assertThat(pointer(() -> ActionFields.until("+999999999-12-31", BERLIN, NOW)))
                .isEqualTo("/until");
    }

    @Test
    void namesAndCommentsAreTextOnOneLineOrWithLineBreaksOnly() {
        assertThat(ActionFields.assignee("  Maria Keller ")).isEqualTo("Maria Keller");
        assertThat(ActionFields.assignee(" ")).isNull();
        assertThat(pointer(() -> ActionFields.assignee("maria\nbcc"))).isEqualTo("/assignee");
        assertThat(pointer(() -> ActionFields.assignee("m".repeat(101)))).isEqualTo("/assignee");
        assertThat(ActionFields.comment("line one\nline two\ttab")).isEqualTo("line one\nline two\ttab");
        assertThat(ActionFields.comment("")).isNull();
        assertThat(pointer(() -> ActionFields.comment("bell\u0007"))).isEqualTo("/comment");
        assertThat(pointer(() -> ActionFields.comment("x".repeat(2001)))).isEqualTo("/comment");
        assertThat(pointer(() -> ActionFields.requiredComment("  "))).isEqualTo("/comment");
    }

    @Test
    void itDoesNotThrowSomethingElse() {
        assertThatThrownBy(() -> ActionFields.until("2026-13-45", BERLIN, NOW)).isInstanceOf(ProblemException.class);
    }
}
