package io.handoff.bench.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scorer against NAB's own numbers. The late, periodic and ramp references were computed with NAB's
 * {@code nab/sweeper.py} (numenta/NAB at ea702d7), not with this scorer: {@code scripts/nab-reference.py NAB_CHECKOUT}
 * prints them. A published detector's results are re-scored against NAB's published per-file scores, and one
 * window is worked out by hand.
 */
class NabScorerTest {
    private static NabCorpus corpus;

    @BeforeAll
    static void load() throws Exception {
        corpus = NabCorpus.load(
                Path.of("src/test/resources/nab/data"), Path.of("src/test/resources/nab/labels/combined_windows.json"));
    }

    private static List<NabScorer.FileResult> detector(BiFunction<NabCorpus.Series, Integer, Double> score) {
        return corpus.series().stream()
                .map(s -> {
                    double[] scores = new double[s.values().length];
                    for (int i = 0; i < scores.length; i++) {
                        scores[i] = score.apply(s, i);
                    }
                    return new NabScorer.FileResult(s.key(), scores, s.windows());
                })
                .toList();
    }

    private static boolean firstOfWindow(NabCorpus.Series s, int i) {
        return s.windows().stream().anyMatch(w -> w[0] == i);
    }

    private static boolean lastOfWindow(NabCorpus.Series s, int i) {
        return s.windows().stream().anyMatch(w -> w[1] == i);
    }

    @Test
    void theCorpusHas41FilesAnd64Windows() {
        assertThat(corpus.series()).hasSize(41);
        assertThat(corpus.series().stream().mapToInt(s -> s.windows().size()).sum())
                .isEqualTo(64);
        assertThat(corpus.series().stream().mapToInt(s -> s.values().length).sum())
                .isEqualTo(137_366);
    }

    @Test
    void thePerfectDetectorScores100AndTheNullDetector0() {
        var perfect = detector((s, i) -> firstOfWindow(s, i) ? 1.0 : 0.0);
        var nul = detector((s, i) -> 0.5);
        for (NabScorer.Profile profile : NabScorer.PROFILES) {
            NabScorer.Score best = NabScorer.score(perfect, profile);
            assertThat(best.normalised()).isCloseTo(100, within(1e-9));
            assertThat(best.raw()).isCloseTo(64, within(1e-9));
            assertThat(best.threshold()).isEqualTo(1.0);
            NabScorer.Score none = NabScorer.score(nul, profile);
            assertThat(none.normalised()).isCloseTo(0, within(1e-9));
            assertThat(none.threshold()).isEqualTo(1.1);
            assertThat(none.raw()).isCloseTo(-64 * profile.fn(), within(1e-9));
        }
    }

    @Test
    void theLateDetectorMatchesTheReference() {
        var late = detector((s, i) -> lastOfWindow(s, i) ? 1.0 : 0.0);
        assertThat(NabScorer.score(late, NabScorer.STANDARD).normalised()).isCloseTo(51.3022, within(1e-4));
        assertThat(NabScorer.score(late, NabScorer.STANDARD).raw()).isCloseTo(1.6668, within(1e-4));
        assertThat(NabScorer.score(late, NabScorer.REWARD_LOW_FP).normalised()).isCloseTo(51.3022, within(1e-4));
        assertThat(NabScorer.score(late, NabScorer.REWARD_LOW_FN).normalised()).isCloseTo(67.5348, within(1e-4));
    }

    @Test
    void thePeriodicDetectorMatchesTheReference() {
        var periodic = detector((s, i) -> i % 250 == 0 ? 1.0 : 0.0);
        NabScorer.Score standard = NabScorer.score(periodic, NabScorer.STANDARD);
        assertThat(standard.normalised()).isCloseTo(25.7595, within(1e-4));
        assertThat(standard.raw()).isCloseTo(-31.0279, within(1e-4));
        NabScorer.Score lowFp = NabScorer.score(periodic, NabScorer.REWARD_LOW_FP);
        assertThat(lowFp.normalised()).isCloseTo(0, within(1e-9));
        assertThat(lowFp.threshold()).isEqualTo(1.1);
        NabScorer.Score lowFn = NabScorer.score(periodic, NabScorer.REWARD_LOW_FN);
        assertThat(lowFn.normalised()).isCloseTo(39.5688, within(1e-4));
        assertThat(lowFn.raw()).isCloseTo(-52.0279, within(1e-4));
    }

    @Test
    void theRampDetectorMatchesTheReference() {
        var ramp = detector((s, i) -> (i % 100) / 100.0);
        assertThat(NabScorer.score(ramp, NabScorer.STANDARD).threshold()).isEqualTo(1.1);
        assertThat(NabScorer.score(ramp, NabScorer.REWARD_LOW_FP).normalised()).isCloseTo(0, within(1e-9));
        NabScorer.Score lowFn = NabScorer.score(ramp, NabScorer.REWARD_LOW_FN);
        assertThat(lowFn.normalised()).isCloseTo(22.1446, within(1e-4));
        assertThat(lowFn.raw()).isCloseTo(-85.4824, within(1e-4));
        assertThat(lowFn.threshold()).isEqualTo(0.99);
    }

    @Test
    void theSigmoidHasTheDocumentedValues() {
        assertThat(NabScorer.sigma(-1)).isCloseTo(0.98661, within(1e-5));
        assertThat(NabScorer.sigma(-0.5)).isCloseTo(0.84828, within(1e-5));
        assertThat(NabScorer.sigma(0)).isCloseTo(0, within(1e-12));
        assertThat(NabScorer.sigma(3.5)).isEqualTo(-1);
    }

    @Test
    void oneWindowWorkedOutByHand() {
        // 100 rows: probation 15. Window [50, 59] (w = 10). A detection on row 55 earns
        // sigma(-(59-55+1)/10)/sigma(-1) = sigma(-0.5)/sigma(-1); a false one on row 20 (no earlier window) costs 0.11.
        double[] scores = new double[100];
        scores[55] = 1;
        scores[20] = 1;
        var file = new NabScorer.FileResult("f", scores, List.of(new int[] {50, 59}));
        double expected = NabScorer.sigma(-0.5) / NabScorer.sigma(-1) - 0.11;
        assertThat(NabScorer.optimise(List.of(file), NabScorer.STANDARD)[1]).isCloseTo(expected, within(1e-12));
        // A false detection one window width after the window: 0.11 * sigma((69-59)/(59-50)).
        scores[20] = 0;
        scores[69] = 1;
        double later = NabScorer.sigma(-0.5) / NabScorer.sigma(-1) + 0.11 * NabScorer.sigma(10.0 / 9);
        assertThat(NabScorer.optimise(List.of(file), NabScorer.STANDARD)[1]).isCloseTo(later, within(1e-12));
    }

    /**
     * NAB's own detector ("numenta"): its published anomaly scores for 13 files, scored here at its published
     * thresholds, give NAB's published per-file scores for all three profiles (src/test/resources/nab/published).
     */
    @Test
    void aPublishedDetectorsResultsScoreWhatNabPublished() throws Exception {
        Path published = Path.of("src/test/resources/nab/published/numenta");
        Map<String, NabCorpus.Series> byKey =
                corpus.series().stream().collect(Collectors.toMap(NabCorpus.Series::key, Function.identity()));
        Map<String, NabScorer.Profile> profiles =
                NabScorer.PROFILES.stream().collect(Collectors.toMap(NabScorer.Profile::name, Function.identity()));
        List<String> expected = Files.readAllLines(published.resolve("scores.csv"));
        int checked = 0;
        for (String line : expected.subList(1, expected.size())) {
            String[] f = line.split(",");
            NabCorpus.Series series = byKey.get(f[1]);
            List<String> rows = Files.readAllLines(published.resolve(f[1]));
            double[] scores = new double[rows.size() - 1];
            for (int i = 1; i < rows.size(); i++) {
                String[] row = rows.get(i).split(",");
                assertThat(row[0])
                        .as("row %d of %s", i, f[1])
                        .isEqualTo(series.timestamps().get(i - 1));
                scores[i - 1] = Double.parseDouble(row[1]);
            }
            assertThat(scores).hasSize(series.values().length);
            var file = new NabScorer.FileResult(series.key(), scores, series.windows());
            assertThat(NabScorer.rawAt(List.of(file), profiles.get(f[0]), Double.parseDouble(f[2])))
                    .as("%s %s", f[0], f[1])
                    .isCloseTo(Double.parseDouble(f[3]), within(1e-9));
            checked++;
        }
        assertThat(checked).isEqualTo(39);
    }
}
