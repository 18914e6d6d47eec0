package io.handoff.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.record.SnapshotFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A restart does not make a scorer learn again: NAB files scored with a restart in the middle (the state kept in a
 * file as JSON, read back by a new scorer) give exactly the scores of one uninterrupted run.
 */
class ScorerMemoryTest {
    private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private record Point(Instant time, double value) {}

    private static List<Point> nab(String file) throws IOException {
        List<Point> points = new ArrayList<>();
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/nab/data", file));
        for (String line : lines.subList(1, lines.size())) {
            String[] parts = line.split(",");
            points.add(new Point(
                    LocalDateTime.parse(parts[0], NAB_TIME).toInstant(ZoneOffset.UTC), Double.parseDouble(parts[1])));
        }
        return points;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "realTraffic/occupancy_6005.csv",
                "realAWSCloudwatch/ec2_cpu_utilization_825cc2.csv",
                "artificialWithAnomaly/art_daily_jumpsup.csv"
            })
    void aRestartInTheMiddleGivesTheScoresOfOneUninterruptedRun(String file) throws IOException {
        List<Point> points = nab(file);
        DeviationScorer uninterrupted = new DeviationScorer();
        double[] expected = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            expected[i] =
                    uninterrupted.score(points.get(i).time(), points.get(i).value());
        }

        SnapshotFile<AnomalyMonitor.Learned> memory =
                new SnapshotFile<>(dir.resolve("scorers.json"), JSON, JSON.constructType(AnomalyMonitor.Learned.class));
        int restart = points.size() / 2;
        DeviationScorer before = new DeviationScorer();
        double[] scores = new double[points.size()];
        for (int i = 0; i < restart; i++) {
            scores[i] = before.score(points.get(i).time(), points.get(i).value());
        }
        memory.write(new AnomalyMonitor.Learned(
                AnomalyMonitor.Learned.VERSION, DeviationScorer.Parameters.DEFAULT, Map.of(file, before.state())));

        AnomalyMonitor.Learned kept = memory.read().orElseThrow();
        DeviationScorer after =
                DeviationScorer.restored(kept.parameters(), kept.series().get(file));
        for (int i = restart; i < points.size(); i++) {
            scores[i] = after.score(points.get(i).time(), points.get(i).value());
        }

        assertThat(scores).as("restarted at point " + restart).containsExactly(expected);
        assertThat(java.util.Arrays.stream(expected, restart, expected.length)
                        .max()
                        .orElse(0))
                .as("the second half is scored, not warming up")
                .isGreaterThan(0.1);
    }

    @Test
    void aScorerWithoutItsMemoryWarmsUpAgain() throws IOException {
        List<Point> points = nab("realTraffic/occupancy_6005.csv");
        DeviationScorer before = new DeviationScorer();
        for (int i = 0; i < 1000; i++) {
            before.score(points.get(i).time(), points.get(i).value());
        }
        DeviationScorer forgetful = new DeviationScorer();
        DeviationScorer restored = DeviationScorer.restored(DeviationScorer.Parameters.DEFAULT, before.state());
        Point next = points.get(1000);
        assertThat(forgetful.score(next.time(), next.value())).isZero();
        assertThat(restored.score(next.time(), next.value())).isEqualTo(before.score(next.time(), next.value()));
    }

    @Test
    void anUnreadableFileIsSetAsideAndLearningStartsAgain() throws IOException {
        Path file = dir.resolve("scorers.json");
        Files.writeString(file, "{\"version\": 1, \"series\": {\"x\": {\"hourly\": [");
        SnapshotFile<AnomalyMonitor.Learned> memory =
                new SnapshotFile<>(file, JSON, JSON.constructType(AnomalyMonitor.Learned.class));

        assertThat(memory.read()).isEmpty();
        assertThat(dir.resolve("scorers.json.unreadable")).exists();
        assertThat(file).doesNotExist();
    }
}
