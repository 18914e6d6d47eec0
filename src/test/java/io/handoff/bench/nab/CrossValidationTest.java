package io.handoff.bench.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.handoff.anomaly.AnomalyScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fold chooses on the other categories only and scores the left-out one with that choice, threshold included. */
class CrossValidationTest {
    /** Scores 1 on a spike, 0 elsewhere: right where spikes are the anomalies. */
    private static final AnomalyScorer SPIKES = (time, value) -> value > 100 ? 1 : 0;

    /** Never raises anything. */
    private static final AnomalyScorer SILENT = (time, value) -> 0;

    private static void file(Path data, String category, String name, int spikeRow) throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 400; i++) {
            csv.append(String.format(
                    "2026-11-%02d %02d:%02d:00,%d%n",
                    1 + i / 288, (i / 12) % 24, (i % 12) * 5, i == spikeRow ? 500 : 10));
        }
        Files.createDirectories(data.resolve(category));
        Files.writeString(data.resolve(category).resolve(name), csv);
    }

    @Test
    void theLeftOutCategoryIsScoredWithWhatTheOthersChose(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        // In "a" and "b" the spike is the anomaly; in "c" the spike is noise and the anomaly is elsewhere, so on "c"
        // alone the silent detector would do better: a fold that peeked at c's labels would choose it.
        file(data, "a", "one.csv", 300);
        file(data, "b", "two.csv", 300);
        file(data, "c", "three.csv", 300);
        Path labels = dir.resolve("windows.json");
        String window = "[[\"2026-11-02 01:00:00.000000\", \"2026-11-02 02:00:00.000000\"]]";
        String elsewhere = "[[\"2026-11-01 02:00:00.000000\", \"2026-11-01 03:00:00.000000\"]]";
        Files.writeString(
                labels,
                "{\"a/one.csv\": " + window + ", \"b/two.csv\": " + window + ", \"c/three.csv\": " + elsewhere + "}");
        NabCorpus corpus = NabCorpus.load(data, labels);

        CrossValidation<String> cv = new CrossValidation<>(
                corpus,
                List.of(
                        new CrossValidation.Candidate<>("silent", () -> SILENT),
                        new CrossValidation.Candidate<>("spikes", () -> SPIKES)));
        List<CrossValidation.Fold<String>> folds = cv.folds(NabScorer.STANDARD);

        assertThat(cv.labelledCategories()).containsExactly("a", "b", "c");
        CrossValidation.Fold<String> c = folds.get(2);
        assertThat(c.category()).isEqualTo("c");
        assertThat(c.chosen()).isEqualTo("spikes");
        List<NabScorer.FileResult> spikesOnC = NabBenchmark.run(corpus, () -> SPIKES).stream()
                .filter(f -> f.name().startsWith("c/"))
                .toList();
        assertThat(c.score())
                .isCloseTo(
                        NabScorer.scoreAt(spikesOnC, NabScorer.STANDARD, c.threshold())
                                .normalised(),
                        within(1e-9))
                .isLessThan(0);
        List<NabScorer.FileResult> silentOnC = NabBenchmark.run(corpus, () -> SILENT).stream()
                .filter(f -> f.name().startsWith("c/"))
                .toList();
        assertThat(NabScorer.score(silentOnC, NabScorer.STANDARD).normalised())
                .as("what peeking would have earned")
                .isGreaterThan(c.score());
        assertThat(folds.get(0).chosen()).isEqualTo("spikes");
        assertThat(folds.get(0).score()).isCloseTo(100, within(1e-9));
    }
}
