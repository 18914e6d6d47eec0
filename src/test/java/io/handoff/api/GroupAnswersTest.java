package io.handoff.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.forecast.BreachForecaster;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an instance answers for the whole group, from its own part and the others'. */
class GroupAnswersTest {

    @Test
    void theGroupsSlaStatusAddsEveryInstancesClocksAndOutcomesAndTakesAttainmentFromTheSums() {
        List<SlasResource.SlaStatus> here = List.of(status("a", 1, 2, 3, 9, 1), status("b", 0, 0, 0, 0, 0));
        List<SlasResource.SlaStatus> there = List.of(status("a", 10, 20, 30, 0, 9), status("b", 4, 0, 0, 1, 0));

        List<SlasResource.SlaStatus> group = SlasResource.together(here, List.of(there));

        assertThat(group).extracting(SlasResource.SlaStatus::id).containsExactly("a", "b");
        SlasResource.SlaStatus a = group.get(0);
        assertThat(List.of(a.onTrack(), a.atRisk(), a.breachedOpen(), a.met(), a.breached()))
                .containsExactly(11L, 22L, 33L, 9L, 10L);
        // 9 met of 19 decided: below the 0.9 objective, though this instance alone met 9 of 10.
        assertThat(a.attainment()).isEqualTo(9.0 / 19);
        assertThat(a.meetingObjective()).isFalse();
        SlasResource.SlaStatus b = group.get(1);
        assertThat(b.onTrack()).isEqualTo(4);
        assertThat(b.attainment()).isEqualTo(1.0);
        assertThat(b.meetingObjective()).isTrue();
    }

    @Test
    void anInstanceAloneAnswersItsOwnStatus() {
        List<SlasResource.SlaStatus> here = List.of(status("a", 1, 2, 3, 9, 1));
        assertThat(SlasResource.together(here, List.of())).isEqualTo(here);
    }

    @Test
    void theGroupsMostLikelyToBreachAreTheMostLikelyOfAllInstancesUpToTheSize() {
        List<BreachForecaster.Likely> here = List.of(likely("line/1", 0.9), likely("line/2", 0.5));
        List<BreachForecaster.Likely> there = List.of(likely("line/3", 0.95), likely("line/4", 0.6));

        assertThat(SlasResource.mostLikely(here, List.of(there), 3))
                .extracting(BreachForecaster.Likely::flowKey)
                .containsExactly("line/3", "line/1", "line/4");
        assertThat(SlasResource.mostLikely(here, List.of(), 3)).isEqualTo(here);
    }

    private static SlasResource.SlaStatus status(
            String id, long onTrack, long atRisk, long open, long met, long breached) {
        long decided = met + breached;
        Double attainment = decided == 0 ? null : (double) met / decided;
        return new SlasResource.SlaStatus(
                id,
                "",
                "timesheet.approved",
                "invoice.posted",
                "SUBJECT",
                null,
                "PT72H",
                "24x7",
                0.9,
                0.8,
                onTrack,
                atRisk,
                open,
                met,
                breached,
                0,
                0,
                attainment,
                SlasResource.meets(attainment, 0.9),
                "pause");
    }

    private static BreachForecaster.Likely likely(String key, double probability) {
        return new BreachForecaster.Likely(
                key, "approved-to-invoice", "client", "project", "group", probability, 0.7, Instant.EPOCH);
    }
}
