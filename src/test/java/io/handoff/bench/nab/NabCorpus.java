package io.handoff.bench.nab;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The files of a NAB-layout data directory ({@code <category>/<name>.csv}) with their windows from a labels file. */
public record NabCorpus(List<Series> series) {
    /** One data file: its key ({@code <category>/<name>.csv}), rows and windows (row ranges). */
    public record Series(String key, List<String> timestamps, double[] values, List<int[]> windows) {}

    public static NabCorpus load(Path dataDir, Path labelsFile) throws IOException {
        Map<String, List<List<String>>> labels =
                new ObjectMapper().readValue(labelsFile.toFile(), new TypeReference<>() {});
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataDir)) {
            files = walk.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        List<Series> series = new ArrayList<>();
        for (Path file : files) {
            String key = dataDir.relativize(file).toString().replace('\\', '/');
            List<String> lines = Files.readAllLines(file);
            List<String> timestamps = new ArrayList<>(lines.size());
            double[] values = new double[lines.size() - 1];
            for (int i = 1; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",");
                timestamps.add(cells[0].trim());
                values[i - 1] = Double.parseDouble(cells[1].trim());
            }
            List<List<String>> windows = labels.get(key);
            if (windows == null) {
                throw new IllegalArgumentException("no labels for " + key + " in " + labelsFile);
            }
            series.add(new Series(key, timestamps, values, NabScorer.windows(timestamps, windows)));
        }
        return new NabCorpus(series);
    }
}
