package io.handoff.bench.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.handoff.anomaly.DeviationScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark works on any NAB-layout directory and writes NAB-format results. */
class NabBenchmarkTest {
    @Test
    void aSmallNabLayoutDirectoryIsScoredAndWrittenRowForRow(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data/mine"));
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 400; i++) {
            csv.append(String.format(
                    "2026-11-%02d %02d:%02d:00,%d%n",
                    1 + i / 288, (i / 12) % 24, (i % 12) * 5, i == 300 ? 500 : 10 + i % 3));
        }
        Files.writeString(data.resolve("spiky.csv"), csv);
        Files.writeString(data.resolve("flat.csv"), csv.toString().replace(",500", ",10"));
        Path labels = dir.resolve("windows.json");
        Files.writeString(
                labels,
                "{\"mine/spiky.csv\": [[\"2026-11-02 01:00:00.000000\", \"2026-11-02 02:00:00.000000\"]], \"mine/flat.csv\": []}");

        NabCorpus corpus = NabCorpus.load(dir.resolve("data"), labels);
        List<NabScorer.FileResult> results = NabBenchmark.run(corpus, DeviationScorer::new);
        Path out = dir.resolve("out");
        for (int f = 0; f < results.size(); f++) {
            NabBenchmark.write(
                    out.resolve(corpus.series().get(f).key()),
                    corpus.series().get(f),
                    results.get(f).scores());
        }

        List<String> written = Files.readAllLines(out.resolve("mine/spiky.csv"));
        assertThat(written).hasSize(401);
        assertThat(written.get(0)).isEqualTo("timestamp,value,anomaly_score");
        assertThat(written.get(301)).startsWith("2026-11-02 01:00:00,500.0,");
        // The spike (row 300, the first of its window) is found at once, the flat file raises nothing: the perfect
        // score.
        assertThat(NabScorer.score(results, NabScorer.STANDARD).normalised()).isCloseTo(100, within(1e-9));
    }
}
