package io.handoff.sla;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Knows how time counts towards an SLA: around the clock, or only in working hours. */
public interface WorkingTime {
    /** The instant at which {@code amount} of counted time has passed since {@code start}. */
    Instant plus(Instant start, Duration amount);

    /**
     * The instants at which an open clock started at {@code start} is at risk and due: {@link #plus} of each amount
     * ({@code atRiskAfter} not more than {@code target}), in one pass where a working time can.
     */
    default Deadlines deadlines(Instant start, Duration atRiskAfter, Duration target) {
        return new Deadlines(plus(start, atRiskAfter), plus(start, target));
    }

    /** When an open clock becomes at risk and when it is due. */
    record Deadlines(Instant atRisk, Instant due) {}

    /** Counted time between two instants; zero when {@code end} is not after {@code start}. */
    Duration between(Instant start, Instant end);

    /** The zone days, weeks and months are counted in (calendar compliance windows): UTC unless a calendar says. */
    default ZoneId zone() {
        return ZoneOffset.UTC;
    }

    /** Every second counts. */
    WorkingTime CALENDAR = new WorkingTime() {
        @Override
        public Instant plus(Instant start, Duration amount) {
            return start.plus(amount);
        }

        @Override
        public Duration between(Instant start, Instant end) {
            return end.isAfter(start) ? Duration.between(start, end) : Duration.ZERO;
        }

        @Override
        public String toString() {
            return "calendar";
        }
    };
}
