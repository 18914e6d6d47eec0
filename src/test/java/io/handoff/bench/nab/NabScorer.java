package io.handoff.bench.nab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Scores a set of detector outputs the way the Numenta Anomaly Benchmark does, written from its
 * description (README of the NAB data): probation, windows with a scaled sigmoid, false
 * detections weighed by their distance past the previous window, one threshold optimised over the
 * whole set per profile, and normalisation between the null and the perfect detector.
 */
public final class NabScorer {
    /** A scoring profile: the weights of true positives, false positives and false negatives. */
    public record Profile(String name, double tp, double fp, double fn) {}

    public static final Profile STANDARD = new Profile("standard", 1.0, 0.11, 1.0);
    public static final Profile REWARD_LOW_FP = new Profile("reward_low_FP_rate", 1.0, 0.22, 1.0);
    public static final Profile REWARD_LOW_FN = new Profile("reward_low_FN_rate", 1.0, 0.11, 2.0);
    public static final List<Profile> PROFILES = List.of(STANDARD, REWARD_LOW_FP, REWARD_LOW_FN);

    /** Scores (one per row) of one file, and its windows as inclusive row ranges. */
    public record FileResult(String name, double[] scores, List<int[]> windows) {}

    /** The outcome for one profile: raw score at the chosen threshold, and the normalised score. */
    public record Score(Profile profile, double threshold, double raw, double normalised) {}

    static final double NEVER = 1.1;

    private NabScorer() {}

    public static int probation(int rows) {
        return Math.min((int) Math.floor(0.15 * rows), 750);
    }

    /** NAB's scaled sigmoid. */
    static double sigma(double x) {
        return x > 3 ? -1 : 2 / (1 + Math.exp(5 * x)) - 1;
    }

    public static Score score(List<FileResult> files, Profile profile) {
        double[] best = optimise(files, profile);
        return new Score(profile, best[0], best[1], normalised(files, profile, best[1]));
    }

    /**
     * The score with the threshold fixed in advance (chosen elsewhere, e.g. on other files): what a detector earns on
     * files whose labels played no part in choosing it.
     */
    public static Score scoreAt(List<FileResult> files, Profile profile, double threshold) {
        double raw = rawAt(files, profile, threshold);
        return new Score(profile, threshold, raw, normalised(files, profile, raw));
    }

    /** NAB's normalisation: 0 for the null detector (0.5 everywhere, at its best threshold), 100 for the perfect one. */
    static double normalised(List<FileResult> files, Profile profile, double raw) {
        List<FileResult> nulls = new ArrayList<>();
        int windows = 0;
        for (FileResult file : files) {
            double[] half = new double[file.scores().length];
            Arrays.fill(half, 0.5);
            nulls.add(new FileResult(file.name(), half, file.windows()));
            windows += file.windows().size();
        }
        double rawNull = optimise(nulls, profile)[1];
        double rawPerfect = profile.tp() * windows;
        return 100 * (raw - rawNull) / (rawPerfect - rawNull);
    }

    /** {threshold, raw score} maximising the raw score over the set; ties go to the higher threshold. */
    static double[] optimise(List<FileResult> files, Profile profile) {
        return sweep(files, profile, Double.NEGATIVE_INFINITY);
    }

    /** The raw score with detections where the score is at least {@code threshold} (NAB's per-file score when given one file). */
    public static double rawAt(List<FileResult> files, Profile profile, double threshold) {
        return sweep(files, profile, threshold)[1];
    }

    /**
     * Lowers the threshold row by row (NAB's sweeper), down to {@code floor}: the best {threshold, raw score} seen,
     * or, when a floor is given, the one at the floor.
     */
    private static double[] sweep(List<FileResult> files, Profile profile, double floor) {
        // Every scored row, with what it is worth when detected: a window's payout or a false detection's cost.
        List<double[]> rows = new ArrayList<>(); // {score, window id or -1, value}
        int windowCount = 0;
        for (FileResult file : files) {
            int n = file.scores().length;
            int start = probation(n);
            List<int[]> windows =
                    file.windows().stream().filter(w -> w[1] >= start).toList();
            for (int i = start; i < n; i++) {
                int inside = -1;
                int[] previous = null;
                for (int w = 0; w < windows.size(); w++) {
                    int[] window = windows.get(w);
                    if (window[0] <= i && i <= window[1]) {
                        inside = w;
                    } else if (window[1] < i && (previous == null || window[1] > previous[1])) {
                        previous = window;
                    }
                }
                double value;
                if (inside >= 0) {
                    int[] window = windows.get(inside);
                    int width = window[1] - window[0] + 1;
                    value = profile.tp() * sigma(-(double) (window[1] - i + 1) / width) / sigma(-1);
                } else if (previous == null) {
                    value = -profile.fp();
                } else {
                    value = profile.fp() * sigma((double) (i - previous[1]) / (previous[1] - previous[0]));
                }
                rows.add(new double[] {file.scores()[i], inside < 0 ? -1 : windowCount + inside, value});
            }
            windowCount += windows.size();
        }
        rows.sort((a, b) -> Double.compare(b[0], a[0]));

        double[] payout = new double[windowCount];
        boolean[] detected = new boolean[windowCount];
        double total = -profile.fn() * windowCount;
        double bestThreshold = NEVER;
        double bestTotal = total;
        for (int k = 0; k < rows.size() && rows.get(k)[0] >= floor; ) {
            double threshold = rows.get(k)[0];
            for (; k < rows.size() && rows.get(k)[0] == threshold; k++) {
                double[] row = rows.get(k);
                int window = (int) row[1];
                if (window < 0) {
                    total += row[2];
                } else if (!detected[window]) {
                    detected[window] = true;
                    payout[window] = row[2];
                    total += profile.fn() + row[2];
                } else if (row[2] > payout[window]) {
                    total += row[2] - payout[window];
                    payout[window] = row[2];
                }
            }
            if (total > bestTotal) {
                bestTotal = total;
                bestThreshold = threshold;
            }
        }
        return floor == Double.NEGATIVE_INFINITY
                ? new double[] {bestThreshold, bestTotal}
                : new double[] {floor, total};
    }

    /** Row ranges of windows given as timestamps equal to rows' timestamps. */
    public static List<int[]> windows(List<String> timestamps, List<List<String>> windows) {
        Map<String, Integer> row = new java.util.HashMap<>();
        for (int i = 0; i < timestamps.size(); i++) {
            row.put(timestamps.get(i), i);
        }
        List<int[]> ranges = new ArrayList<>();
        for (List<String> window : windows) {
            Integer from = row.get(trim(window.get(0)));
            Integer to = row.get(trim(window.get(1)));
            if (from == null || to == null) {
                throw new IllegalArgumentException("window " + window + " does not match a row's timestamp");
            }
            ranges.add(new int[] {from, to});
        }
        return ranges;
    }

    /** Labels carry ".ffffff"; data rows do not. */
    static String trim(String timestamp) {
        int dot = timestamp.indexOf('.');
        return dot < 0 ? timestamp : timestamp.substring(0, dot);
    }
}
