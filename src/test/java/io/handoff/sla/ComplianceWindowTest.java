package io.handoff.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ComplianceWindowTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ComplianceWindow MONTH = ComplianceWindow.parse("month", BERLIN);
    private static final ComplianceWindow QUARTER = ComplianceWindow.parse("quarter", BERLIN);
    private static final ComplianceWindow WEEK = ComplianceWindow.parse("week", BERLIN);

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    @Test
    void aMonthStartsAtMidnightInTheSlasZoneNotInUtc() {
        // 00:30 on 1 November in Berlin is still 31 October in UTC.
        assertThat(MONTH.at(at("2026-10-31T23:30:00Z")))
                .isEqualTo(
                        new ComplianceWindow.Span("2026-11", at("2026-10-31T23:00:00Z"), at("2026-11-30T23:00:00Z")));
        assertThat(ComplianceWindow.parse("month", ZoneOffset.UTC)
                        .at(at("2026-10-31T23:30:00Z"))
                        .label())
                .isEqualTo("2026-10");
    }

    @Test
    void theMonthSummerTimeEndsInIsAnHourLonger() {
        ComplianceWindow.Span october = MONTH.period("2026-10").orElseThrow();
        assertThat(october.from()).isEqualTo(at("2026-09-30T22:00:00Z"));
        assertThat(october.to()).isEqualTo(at("2026-10-31T23:00:00Z"));
        assertThat(Duration.between(october.from(), october.to()))
                .isEqualTo(Duration.ofDays(31).plusHours(1));
    }

    @Test
    void quartersAndIsoWeeks() {
        assertThat(QUARTER.period("2026-Q4"))
                .contains(new ComplianceWindow.Span("2026-Q4", at("2026-09-30T22:00:00Z"), at("2026-12-31T23:00:00Z")));
        assertThat(WEEK.at(at("2026-11-29T22:59:59Z")))
                .isEqualTo(
                        new ComplianceWindow.Span("2026-W48", at("2026-11-22T23:00:00Z"), at("2026-11-29T23:00:00Z")));
        assertThat(WEEK.period("2026-W53")).map(ComplianceWindow.Span::from).contains(at("2026-12-27T23:00:00Z"));
        assertThat(WEEK.period("2025-W53")).as("2025 has 52 ISO weeks").isEmpty();
        assertThat(WEEK.period("2027-W01")).map(ComplianceWindow.Span::from).contains(at("2027-01-03T23:00:00Z"));
    }

    @Test
    void everyPeriodIsFoundByItsOwnLabelAndPeriodsFollowOneAnotherWithoutGaps() {
        for (ComplianceWindow window : new ComplianceWindow[] {WEEK, MONTH, QUARTER}) {
            Instant t = at("2026-01-01T00:00:00Z");
            ComplianceWindow.Span previous = null;
            for (int i = 0; i < 800; i++) {
                ComplianceWindow.Span span = window.at(t);
                assertThat(span.contains(t)).isTrue();
                assertThat(window.period(span.label())).contains(span);
                if (previous != null && !previous.equals(span)) {
                    assertThat(span.from()).isEqualTo(previous.to());
                }
                previous = span;
                t = t.plus(Duration.ofHours(13));
            }
        }
    }

    @Test
    void aRollingWindowEndsNowAndHasNoPeriods() {
        ComplianceWindow rolling = ComplianceWindow.parse("28d", BERLIN);
        assertThat(rolling.name()).isEqualTo("28d");
        assertThat(rolling.at(at("2026-11-30T12:00:00Z")))
                .isEqualTo(new ComplianceWindow.Span("28d", at("2026-11-02T12:00:00Z"), at("2026-11-30T12:00:00Z")));
        assertThat(rolling.period("2026-11")).isEmpty();
    }

    @Test
    void labelsOfTheWrongKindOrOutOfRangeAreNotPeriods() {
        assertThat(MONTH.period("2026-13")).isEmpty();
        assertThat(MONTH.period("2026-Q4")).isEmpty();
        assertThat(QUARTER.period("2026-11")).isEmpty();
        assertThat(WEEK.period("2026-W00")).isEmpty();
        assertThat(MONTH.period("november")).isEmpty();
        assertThat(MONTH.period("1969-12")).as("before what stores can index").isEmpty();
        assertThat(MONTH.period("2262-01")).isEmpty();
        assertThat(MONTH.period("1970-01")).isPresent();
        assertThat(MONTH.period("")).isEmpty();
    }

    @Test
    void anUnknownWindowIsRefusedWithWhatIsAllowed() {
        assertThatThrownBy(() -> ComplianceWindow.parse("fortnight", BERLIN))
                .hasMessageContaining("28d")
                .hasMessageContaining("month");
        assertThatThrownBy(() -> ComplianceWindow.parse("0d", BERLIN)).isInstanceOf(IllegalArgumentException.class);
    }
}
