package io.handoff.bench.nab;

import io.handoff.anomaly.AnomalyScorer;
import io.handoff.anomaly.DeviationScorer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Runs Handoff's anomaly scorer over every file of a NAB-layout data directory in streaming order
 * (a fresh scorer per file), writes NAB-format results ({@code OUT/<category>/<name>.csv} with
 * {@code timestamp,value,anomaly_score}) and prints the three normalised scores, the cost per point
 * and the memory per series. Arguments: data directory, labels file, output directory.
 */
public final class NabBenchmark {
    private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "src/test/resources/nab/data");
        Path labels = Path.of(args.length > 1 ? args[1] : "src/test/resources/nab/labels/combined_windows.json");
        Path out = Path.of(args.length > 2 ? args[2] : "target/nab-results");
        NabCorpus corpus = NabCorpus.load(data, labels);
        if (Boolean.getBoolean("nab.explore")) {
            explore(corpus);
            return;
        }
        Supplier<AnomalyScorer> detector = DeviationScorer::new;

        run(corpus, detector); // warm-up of the JIT, not scored
        long start = System.nanoTime();
        List<NabScorer.FileResult> results = run(corpus, detector);
        long nanos = System.nanoTime() - start;
        long points = corpus.series().stream().mapToLong(s -> s.values().length).sum();

        for (int f = 0; f < results.size(); f++) {
            write(out.resolve(corpus.series().get(f).key()), corpus.series().get(f), results.get(f).scores());
        }
        System.out.printf(Locale.ROOT, "%d files, %d points, %d windows; results in %s%n",
                results.size(), points, corpus.series().stream().mapToInt(s -> s.windows().size()).sum(), out);
        for (NabScorer.Profile profile : NabScorer.PROFILES) {
            NabScorer.Score score = NabScorer.score(results, profile);
            System.out.printf(Locale.ROOT, "%-20s %7.2f  (raw %.4f at threshold %.6f)%n", profile.name(), score.normalised(), score.raw(), score.threshold());
        }
        System.out.printf(Locale.ROOT, "cost: %.0f ns per point (including time parsing)%n", (double) nanos / points);
        System.out.printf(Locale.ROOT, "memory: %.0f bytes per series (100,000 warmed-up scorers)%n", bytesPerSeries(detector));
    }

    /** Development aid: the Standard score of a few global parameter sets (never per file). */
    static void explore(NabCorpus corpus) {
        for (double level : new double[] {0.0005, 0.001, 0.002}) {
            for (double season : new double[] {0.02, 0.05, 0.1}) {
                for (int quiet : new int[] {200, 400}) {
                    var p = new DeviationScorer.Parameters(level, season, quiet);
                    double standard = NabScorer.score(run(corpus, () -> new DeviationScorer(p)), NabScorer.STANDARD).normalised();
                    System.out.printf(Locale.ROOT, "%6.2f  %s%n", standard, p);
                }
            }
        }
    }

    static List<NabScorer.FileResult> run(NabCorpus corpus, Supplier<AnomalyScorer> detector) {
        List<NabScorer.FileResult> results = new ArrayList<>();
        for (NabCorpus.Series series : corpus.series()) {
            AnomalyScorer scorer = detector.get();
            double[] scores = new double[series.values().length];
            for (int i = 0; i < scores.length; i++) {
                Instant time = LocalDateTime.parse(series.timestamps().get(i), NAB_TIME).toInstant(ZoneOffset.UTC);
                scores[i] = scorer.score(time, series.values()[i]);
                if (!(scores[i] >= 0 && scores[i] <= 1)) {
                    throw new IllegalStateException("score out of [0, 1] in " + series.key() + " row " + i + ": " + scores[i]);
                }
            }
            results.add(new NabScorer.FileResult(series.key(), scores, series.windows()));
        }
        return results;
    }

    static void write(Path file, NabCorpus.Series series, double[] scores) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder csv = new StringBuilder("timestamp,value,anomaly_score\n");
        for (int i = 0; i < scores.length; i++) {
            csv.append(series.timestamps().get(i)).append(',').append(series.values()[i]).append(',')
                    .append(String.format(Locale.ROOT, "%.6f", scores[i])).append('\n');
        }
        Files.writeString(file, csv);
    }

    static double bytesPerSeries(Supplier<AnomalyScorer> detector) {
        int count = 100_000;
        long before = used();
        List<AnomalyScorer> scorers = new ArrayList<>(count);
        Instant t = Instant.parse("2026-11-23T00:00:00Z");
        for (int i = 0; i < count; i++) {
            AnomalyScorer scorer = detector.get();
            for (int p = 0; p < 200; p++) {
                scorer.score(t.plusSeconds(300L * p), Math.sin(p / 10.0) + i % 7);
            }
            scorers.add(scorer);
        }
        long after = used();
        if (scorers.size() != count) {
            throw new IllegalStateException();
        }
        return (after - before) / (double) count;
    }

    static long used() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
