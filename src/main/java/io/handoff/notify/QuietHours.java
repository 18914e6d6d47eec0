package io.handoff.notify;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** A daily window ({@code HH:mm-HH:mm} in a time zone, possibly over midnight) in which no notice goes out. */
public final class QuietHours {
    public static final QuietHours NEVER = new QuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, ZoneId.of("UTC"));

    private final LocalTime start;
    private final LocalTime end;
    private final ZoneId zone;

    QuietHours(LocalTime start, LocalTime end, ZoneId zone) {
        this.start = start;
        this.end = end;
        this.zone = zone;
    }

    /** @throws IllegalArgumentException naming the expected form when {@code window} is not {@code HH:mm-HH:mm} */
    public static QuietHours parse(String window, ZoneId zone) {
        String[] parts = window.trim().split("-");
        try {
            if (parts.length != 2) {
                throw new DateTimeParseException("no '-'", window, 0);
            }
            return new QuietHours(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim()), zone);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("quiet hours must look like 19:00-07:00, not '" + window + "'");
        }
    }

    /** When the quiet window that {@code now} falls in ends; empty when {@code now} is not quiet. */
    public Optional<Instant> endOfQuiet(Instant now) {
        if (start.equals(end)) {
            return Optional.empty();
        }
        ZonedDateTime local = now.atZone(zone);
        LocalTime time = local.toLocalTime();
        if (start.isBefore(end)) {
            return !time.isBefore(start) && time.isBefore(end)
                    ? Optional.of(local.with(end).toInstant())
                    : Optional.empty();
        }
        if (!time.isBefore(start)) {
            return Optional.of(local.plusDays(1).with(end).toInstant());
        }
        return time.isBefore(end) ? Optional.of(local.with(end).toInstant()) : Optional.empty();
    }

    @Override
    public String toString() {
        return start.equals(end) ? "none" : start + "-" + end + " " + zone;
    }
}
