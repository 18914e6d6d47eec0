package io.handoff.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClockRecordTest {
    @Test
    void instantsKeptAsNumbersComeBackExactlyNanosecondsAndAbsenceIncluded() {
        ClockRecord record = new ClockRecord();
        assertThat(record.start()).isNull();
        assertThat(record.due()).isNull();
        assertThat(record.atRisk()).isNull();
        assertThat(record.startsAt(null)).isTrue();

        Instant start = Instant.parse("2026-03-29T00:59:59.123456789Z");
        Instant due = Instant.parse("1969-12-31T23:59:59.999999999Z"); // before the epoch: negative seconds
        record.start(start);
        record.due(due);
        record.atRisk(Instant.MIN);
        assertThat(record.start()).isEqualTo(start);
        assertThat(record.due()).isEqualTo(due);
        assertThat(record.atRisk()).isEqualTo(Instant.MIN);
        assertThat(record.startsAt(start)).isTrue();
        assertThat(record.startsAt(start.plusNanos(1))).isFalse();
        assertThat(record.startsAt(null)).isFalse();

        record.atRisk(null);
        assertThat(record.atRisk()).isNull();
    }
}
