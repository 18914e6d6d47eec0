package io.handoff.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class QuietHoursTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aWindowOverMidnightHoldsEveningAndNightNoticesUntilItsEndInTheGroupsZone() {
        QuietHours quiet = QuietHours.parse("19:00-07:00", BERLIN);

        // 20:30 in Berlin (UTC+1 in November) → held until 07:00 Berlin the next day = 06:00 UTC.
        assertThat(quiet.endOfQuiet(Instant.parse("2026-11-23T19:30:00Z")))
                .contains(Instant.parse("2026-11-24T06:00:00Z"));
        // 03:00 in Berlin → held until 07:00 the same day.
        assertThat(quiet.endOfQuiet(Instant.parse("2026-11-24T02:00:00Z")))
                .contains(Instant.parse("2026-11-24T06:00:00Z"));
        // 10:00 in Berlin → not quiet.
        assertThat(quiet.endOfQuiet(Instant.parse("2026-11-24T09:00:00Z"))).isEmpty();
        // 07:00 sharp is the end: not quiet any more.
        assertThat(quiet.endOfQuiet(Instant.parse("2026-11-24T06:00:00Z"))).isEmpty();
    }

    @Test
    void aWindowWithinTheDayAndNoWindow() {
        QuietHours lunch = QuietHours.parse("12:00-13:30", ZoneId.of("UTC"));

        assertThat(lunch.endOfQuiet(Instant.parse("2026-11-24T12:15:00Z")))
                .contains(Instant.parse("2026-11-24T13:30:00Z"));
        assertThat(lunch.endOfQuiet(Instant.parse("2026-11-24T11:59:00Z"))).isEmpty();
        assertThat(QuietHours.NEVER.endOfQuiet(Instant.parse("2026-11-24T03:00:00Z")))
                .isEmpty();
    }

    @Test
    void aMalformedWindowIsRefusedWithTheFormItShouldHave() {
        assertThatThrownBy(() -> QuietHours.parse("7pm to 7am", BERLIN)).hasMessageContaining("19:00-07:00");
    }
}
