package io.handoff.ingest.poll;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A position in a model's records ordered by {@code write_date asc, id asc}: everything up to and
 * including this record has been read. The write date is Odoo's naive UTC text with whole seconds,
 * whose text order is its time order.
 */
public record Watermark(String writeDate, long id) implements Comparable<Watermark> {
    static final DateTimeFormatter ODOO = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Before every record written at {@code time} or later. */
    public static Watermark before(Instant time) {
        return new Watermark(ODOO.format(LocalDateTime.ofInstant(time, ZoneOffset.UTC)), 0);
    }

    public Instant time() {
        return LocalDateTime.parse(writeDate, ODOO).toInstant(ZoneOffset.UTC);
    }

    /** Before every record written {@code overlap} before this one or later: re-reads commits that came in late. */
    public Watermark minus(Duration overlap) {
        return before(time().minus(overlap));
    }

    @Override
    public int compareTo(Watermark other) {
        int byDate = writeDate.compareTo(other.writeDate);
        return byDate != 0 ? byDate : Long.compare(id, other.id);
    }
}
