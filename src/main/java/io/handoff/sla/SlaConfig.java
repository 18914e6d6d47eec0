package io.handoff.sla;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SLAs and working calendars declared by operators: {@code handoff.sla.*}. */
@ConfigMapping(prefix = "handoff.sla")
public interface SlaConfig {
    /** SLAs by id: {@code handoff.sla.definitions.<id>.*}. The id becomes the {@code sla} metric label. */
    Map<String, Definition> definitions();

    /** Working calendars by name: {@code handoff.sla.calendars.<name>.*}. */
    Map<String, Calendar> calendars();

    /** Chains of SLAs timed end to end, by id: {@code handoff.sla.chains.<id>.*}. */
    Map<String, ChainStages> chains();

    interface ChainStages {
        /** One sentence for the API and the console. */
        Optional<String> description();

        /**
         * The SLA ids of its stages, in order; each stage starts on the event the one before stops on, e.g.
         * {@code approved-to-invoice,invoice-to-payment}.
         */
        List<String> stages();
    }

    interface Definition {
        /** One sentence for dashboards and e-mails. */
        Optional<String> description();

        /** Event type whose earliest occurrence starts the clock, e.g. {@code timesheet.approved}. */
        String startsOn();

        /** Event type whose earliest valid occurrence stops the clock, e.g. {@code invoice.posted}. */
        String stopsOn();

        /** Where the stop event is looked for: {@code same}, {@code link:<name>} or {@code linked-from:<name>}. */
        @WithDefault("same")
        String join();

        /** Event type that voids an earlier stop event (e.g. {@code invoice.cancelled}), re-opening the clock. */
        Optional<String> voidedBy();

        /** Allowed duration, e.g. {@code 5d}, {@code 40h}, {@code PT2M}. Counted in {@code calendar}. */
        Duration target();

        /** {@code 24x7} (every second counts) or the name of a working calendar. */
        @WithDefault("24x7")
        String calendar();

        /** Share of clocks that must meet the target, e.g. 0.95. */
        @WithDefault("0.95")
        double objective();

        /** Share of the target after which an open clock counts as at risk. */
        @WithDefault("0.8")
        double atRiskAt();

        /**
         * Low-traffic guard: the fewest clocks decided in a burn-rate alert's long window (1 h and 6 h for the page,
         * 1 d and 3 d for the ticket) for the alert to fire, so that one late event among two at night does not
         * page. 0 turns the guard off. Regenerate the rules after changing it.
         */
        @WithDefault("10")
        int minDecided();

        /**
         * What compliance is judged over, one or more of: {@code <days>d} (rolling, e.g. {@code 28d}), {@code week},
         * {@code month}, {@code quarter} (calendar periods in the calendar's zone, UTC for {@code 24x7}; the error
         * budget starts again at each period's start).
         */
        @WithDefault("28d")
        List<String> windows();

        /**
         * What a maintenance window covering one of its clocks does: {@code pause} (time inside the window does not
         * count, the due time moves out) or {@code exclude} (the clock runs, but its outcome counts neither as met
         * nor as breached when a window overlapped it before it was decided).
         */
        @WithDefault("pause")
        String maintenance();
    }

    interface Calendar {
        /** IANA time zone the working hours are in. */
        @WithDefault("UTC")
        String zone();

        /** The days business time runs on. */
        @WithDefault("MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY")
        List<DayOfWeek> workingDays();

        /** When a working day starts, in the calendar's zone. */
        @WithDefault("09:00")
        LocalTime dayStart();

        /** When a working day ends, in the calendar's zone. */
        @WithDefault("17:00")
        LocalTime dayEnd();

        /** Dates (ISO, e.g. 2026-12-25) on which no time counts. */
        Optional<List<LocalDate>> holidays();
    }
}
