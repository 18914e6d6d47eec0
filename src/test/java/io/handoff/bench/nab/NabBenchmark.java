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

    public static void main(String[] arguments) throws IOException {
        boolean crossValidate = arguments.length > 0 && arguments[0].equals("--cross-validate");
        String[] args = crossValidate ? java.util.Arrays.copyOfRange(arguments, 1, arguments.length) : arguments;
        Path data = Path.of(args.length > 0 ? args[0] : "src/test/resources/nab/data");
        Path labels = Path.of(args.length > 1 ? args[1] : "src/test/resources/nab/labels/combined_windows.json");
        Path out = Path.of(args.length > 2 ? args[2] : "target/nab-results");
        NabCorpus corpus = NabCorpus.load(data, labels);
        if (Boolean.getBoolean("nab.explore")) {
            explore(corpus);
            return;
        }
        if (crossValidate) {
            long start = System.nanoTime();
            new CrossValidation<>(corpus, grid()).report(System.out);
            System.out.printf(
                    Locale.ROOT,
                    "(%d candidates, %d files, %.0f s)%n",
                    grid().size(),
                    corpus.series().size(),
                    (System.nanoTime() - start) / 1e9);
            System.out.println(
                    "parameters fixed in advance (the defaults), all files, NAB's own threshold per profile:");
        }
        Supplier<AnomalyScorer> detector = DeviationScorer::new;

        run(corpus, detector); // warm-up of the JIT, not scored
        long start = System.nanoTime();
        List<NabScorer.FileResult> results = run(corpus, detector);
        long nanos = System.nanoTime() - start;
        long points = corpus.series().stream().mapToLong(s -> s.values().length).sum();

        for (int f = 0; f < results.size(); f++) {
            write(
                    out.resolve(corpus.series().get(f).key()),
                    corpus.series().get(f),
                    results.get(f).scores());
        }
        System.out.printf(
                Locale.ROOT,
                "%d files, %d points, %d windows; results in %s%n",
                results.size(),
                points,
                corpus.series().stream().mapToInt(s -> s.windows().size()).sum(),
                out);
        for (NabScorer.Profile profile : NabScorer.PROFILES) {
            NabScorer.Score score = NabScorer.score(results, profile);
            System.out.printf(
                    Locale.ROOT,
                    "%-20s %7.2f  (raw %.4f at threshold %.6f)%n",
                    profile.name(),
                    score.normalised(),
                    score.raw(),
                    score.threshold());
        }
        System.out.printf(
                Locale.ROOT,
                "whole run: %.0f ns per point (time parsing, checks and scoring)%n",
                (double) nanos / points);
        // Scoring alone, times parsed beforehand, against the cheapest streaming scorer there is (a running z-score)
        // in the same run: median of 7 alternating rounds.
        Instant[][] times = times(corpus);
        double[] handoff = new double[7];
        double[] baseline = new double[7];
        for (int round = -2; round < 7; round++) { // two rounds of JIT warm-up first
            double h = nanosPerPoint(corpus, times, detector);
            double b = nanosPerPoint(corpus, times, RunningZScore::new);
            if (round >= 0) {
                handoff[round] = h;
                baseline[round] = b;
            }
        }
        java.util.Arrays.sort(handoff);
        java.util.Arrays.sort(baseline);
        System.out.printf(
                Locale.ROOT,
                "cost: %.0f ns per point for Handoff's scorer, %.0f ns for a running z-score (baseline); ratio %.1f%n",
                handoff[3],
                baseline[3],
                handoff[3] / baseline[3]);
        System.out.printf(
                Locale.ROOT, "memory: %.0f bytes per series (100,000 warmed-up scorers)%n", bytesPerSeries(detector));
    }

    /** The candidates cross-validation chooses from: a grid around the defaults, global parameters only. */
    static List<CrossValidation.Candidate<DeviationScorer.Parameters>> grid() {
        DeviationScorer.Parameters d = DeviationScorer.Parameters.DEFAULT;
        List<CrossValidation.Candidate<DeviationScorer.Parameters>> grid = new ArrayList<>();
        for (double level : new double[] {d.levelAlpha() / 2, d.levelAlpha(), d.levelAlpha() * 2}) {
            for (int quiet : new int[] {d.quietAfterAlarm() / 2, d.quietAfterAlarm(), d.quietAfterAlarm() * 3 / 2}) {
                for (double range : new double[] {0.0, d.rangeTolerance(), d.rangeTolerance() * 2}) {
                    for (int recurring :
                            new int[] {d.recurringAfter() - 1, d.recurringAfter(), d.recurringAfter() + 1}) {
                        var p = new DeviationScorer.Parameters(
                                level, d.seasonAlpha(), quiet, range, recurring, d.recurringTolerance());
                        grid.add(new CrossValidation.Candidate<>(p, () -> new DeviationScorer(p)));
                    }
                }
            }
        }
        return grid;
    }

    /** Development aid: the Standard score of each candidate of the grid on all files (never per file). */
    static void explore(NabCorpus corpus) {
        for (CrossValidation.Candidate<DeviationScorer.Parameters> candidate : grid()) {
            double standard = NabScorer.score(run(corpus, candidate.detector()), NabScorer.STANDARD)
                    .normalised();
            System.out.printf(Locale.ROOT, "%6.2f  %s%n", standard, candidate.parameters());
        }
    }

    static List<NabScorer.FileResult> run(NabCorpus corpus, Supplier<AnomalyScorer> detector) {
        List<NabScorer.FileResult> results = new ArrayList<>();
        for (NabCorpus.Series series : corpus.series()) {
            AnomalyScorer scorer = detector.get();
            double[] scores = new double[series.values().length];
            for (int i = 0; i < scores.length; i++) {
                Instant time = LocalDateTime.parse(series.timestamps().get(i), NAB_TIME)
                        .toInstant(ZoneOffset.UTC);
                scores[i] = scorer.score(time, series.values()[i]);
                if (!(scores[i] >= 0 && scores[i] <= 1)) {
                    throw new IllegalStateException(
                            "score out of [0, 1] in " + series.key() + " row " + i + ": " + scores[i]);
                }
            }
            results.add(new NabScorer.FileResult(series.key(), scores, series.windows()));
        }
        return results;
    }

    static Instant[][] times(NabCorpus corpus) {
        Instant[][] times = new Instant[corpus.series().size()][];
        for (int f = 0; f < times.length; f++) {
            List<String> stamps = corpus.series().get(f).timestamps();
            times[f] = new Instant[stamps.size()];
            for (int i = 0; i < stamps.size(); i++) {
                times[f][i] = LocalDateTime.parse(stamps.get(i), NAB_TIME).toInstant(ZoneOffset.UTC);
            }
        }
        return times;
    }

    static double nanosPerPoint(NabCorpus corpus, Instant[][] times, Supplier<AnomalyScorer> detector) {
        long points = 0;
        double sink = 0;
        long start = System.nanoTime();
        for (int f = 0; f < times.length; f++) {
            AnomalyScorer scorer = detector.get();
            double[] values = corpus.series().get(f).values();
            for (int i = 0; i < values.length; i++) {
                sink += scorer.score(times[f][i], values[i]);
            }
            points += values.length;
        }
        long nanos = System.nanoTime() - start;
        if (sink < 0) {
            throw new IllegalStateException(); // keeps the scores alive for the JIT
        }
        return (double) nanos / points;
    }

    /** The baseline: distance from a running mean in running standard deviations, nothing else. */
    static final class RunningZScore implements AnomalyScorer {
        private double mean;
        private double variance;
        private long seen;

        @Override
        public double score(Instant time, double value) {
            seen++;
            double z = seen < 2 ? 0 : Math.abs(value - mean) / (Math.sqrt(variance) + 1e-9);
            double delta = value - mean;
            mean += 0.001 * delta;
            variance = 0.999 * (variance + 0.001 * delta * delta);
            return z / (z + 4);
        }
    }

    static void write(Path file, NabCorpus.Series series, double[] scores) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder csv = new StringBuilder("timestamp,value,anomaly_score\n");
        for (int i = 0; i < scores.length; i++) {
            csv.append(series.timestamps().get(i))
                    .append(',')
                    .append(series.values()[i])
                    .append(',')
                    .append(String.format(Locale.ROOT, "%.6f", scores[i]))
                    .append('\n');
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
