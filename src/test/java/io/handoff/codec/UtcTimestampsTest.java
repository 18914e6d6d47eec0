package io.handoff.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/** The fast path must say exactly what {@code java.time} says, or nothing. */
class UtcTimestampsTest {
    private static final long YEAR_0 = -62_167_219_200L;
    private static final long YEAR_10000 = 253_402_300_800L;

    /** Nanoseconds of every shape: none, milli-, micro- and nanosecond precision. */
    private static Gen<Integer> nanos() {
        return SourceDSL.integers()
                .between(0, 3)
                .zip(SourceDSL.integers().between(0, 999_999_999), (shape, n) -> switch (shape) {
                    case 0 -> 0;
                    case 1 -> n / 1_000_000 * 1_000_000;
                    case 2 -> n / 1000 * 1000;
                    default -> n;
                });
    }

    @Test
    void formatsEveryInstantAsInstantToStringDoes() {
        qt().withExamples(20_000)
                .forAll(SourceDSL.longs().between(YEAR_0 - 86_400 * 400L, YEAR_10000 + 86_400 * 400L), nanos())
                .checkAssert((seconds, nanos) -> {
                    Instant instant = Instant.ofEpochSecond(seconds, nanos);
                    assertThat(UtcTimestamps.format(instant)).isEqualTo(instant.toString());
                });
    }

    @Test
    void readsBackWhatItWritesAndWhatJavaTimeReads() {
        qt().withExamples(20_000)
                .forAll(SourceDSL.longs().between(YEAR_0, YEAR_10000 - 1), nanos())
                .checkAssert((seconds, nanos) -> {
                    Instant instant = Instant.ofEpochSecond(seconds, nanos);
                    String text = instant.toString();
                    assertThat(UtcTimestamps.parse(text)).isEqualTo(instant);
                    assertThat(OffsetDateTime.parse(text).toInstant()).isEqualTo(instant);
                });
    }

    @Test
    void fractionsOfAnyWidthReadAsJavaTimeReadsThem() {
        qt().withExamples(5_000)
                .forAll(
                        SourceDSL.longs().between(0, YEAR_10000 - 1),
                        SourceDSL.integers().between(1, 9),
                        nanos())
                .checkAssert((seconds, width, nanos) -> {
                    String whole = Instant.ofEpochSecond(seconds).toString();
                    String digits = String.format("%09d", nanos).substring(0, width);
                    String text = whole.substring(0, whole.length() - 1) + "." + digits + "Z";
                    assertThat(UtcTimestamps.parse(text))
                            .isEqualTo(OffsetDateTime.parse(text).toInstant())
                            .isEqualTo(Instant.parse(text));
                });
    }

    /**
     * A valid timestamp spoiled by one character: the fast path answers what both {@code java.time} parsers answer,
     * or null; it never takes what they refuse.
     */
    @Test
    void aSpoiledTimestampIsEitherReadAlikeOrLeftToJavaTime() {
        String alphabet = "0123456789-:TZtz.+ 9";
        qt().withExamples(30_000)
                .forAll(
                        SourceDSL.longs().between(YEAR_0, YEAR_10000 - 1),
                        nanos(),
                        SourceDSL.integers().between(0, 40),
                        SourceDSL.integers().between(0, alphabet.length() * 3 - 1))
                .checkAssert((seconds, nanos, at, spoil) -> {
                    int letter = spoil % alphabet.length();
                    int edit = spoil / alphabet.length();
                    StringBuilder text = new StringBuilder(
                            Instant.ofEpochSecond(seconds, nanos).toString());
                    int position = Math.min(at, text.length() - (edit == 0 ? 1 : 0));
                    switch (edit) {
                        case 0 -> text.setCharAt(position, alphabet.charAt(letter));
                        case 1 -> text.insert(position, alphabet.charAt(letter));
                        default -> text.deleteCharAt(Math.min(position, text.length() - 1));
                    }
                    String spoiled = text.toString();
                    Instant fast = UtcTimestamps.parse(spoiled);
                    if (fast != null) {
                        assertThat(fast).as(spoiled).isEqualTo(instantParse(spoiled));
                        assertThat(fast).as(spoiled).isEqualTo(offsetDateTimeParse(spoiled));
                    }
                });
    }

    @Test
    void dayThirtyOfFebruaryALeapSecondAndHourTwentyFourAreLeftToJavaTime() {
        assertThat(UtcTimestamps.parse("2026-02-29T10:00:00Z")).isNull();
        assertThat(UtcTimestamps.parse("2024-02-29T10:00:00Z")).isEqualTo(Instant.parse("2024-02-29T10:00:00Z"));
        assertThat(UtcTimestamps.parse("2000-02-29T00:00:00Z")).isEqualTo(Instant.parse("2000-02-29T00:00:00Z"));
        assertThat(UtcTimestamps.parse("1900-02-29T00:00:00Z")).isNull();
        assertThat(UtcTimestamps.parse("2026-06-30T23:59:60Z")).isNull();
        assertThat(UtcTimestamps.parse("2026-06-30T24:00:00Z")).isNull();
        assertThat(UtcTimestamps.parse("2026-06-30T10:00:00+02:00")).isNull();
        assertThat(UtcTimestamps.parse("2026-06-30T10:00:00.Z")).isNull();
        assertThat(UtcTimestamps.parse("2026-06-30T10:00:00.1234567890Z")).isNull();
        assertThat(UtcTimestamps.parse("+12026-06-30T10:00:00Z")).isNull();
    }

    private static Instant instantParse(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException refused) {
            return null;
        }
    }

    private static Instant offsetDateTimeParse(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException refused) {
            return null;
        }
    }
}
