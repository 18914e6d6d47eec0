package io.handoff.bench.nab;

import io.handoff.anomaly.AnomalyScorer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Leave-one-category-out cross-validation of a detector family on a NAB corpus: for each labelled category, the
 * parameters and the detection threshold are chosen on the other files only (every other category, unlabelled ones
 * included), then the left-out category is scored with both fixed. The mean over categories says how the detector
 * does on data its choices never saw; a score on the same files the parameters were tuned on says how well it was
 * tuned.
 *
 * @param <P> one set of the detector's global parameters
 */
final class CrossValidation<P> {
    /** One candidate: its parameters, and how to make a fresh detector with them. */
    record Candidate<P>(P parameters, Supplier<AnomalyScorer> detector) {}

    /** The left-out category's score under one profile, with what was chosen without it. */
    record Fold<P>(
            String category, NabScorer.Profile profile, P chosen, double threshold, double trained, double score) {}

    private final NabCorpus corpus;
    /** Per candidate, every file's scores (each file is scored once per candidate, whatever the folds). */
    private final Map<Candidate<P>, List<NabScorer.FileResult>> results = new LinkedHashMap<>();

    CrossValidation(NabCorpus corpus, List<Candidate<P>> candidates) {
        this.corpus = corpus;
        for (Candidate<P> candidate : candidates) {
            results.put(candidate, NabBenchmark.run(corpus, candidate.detector()));
        }
    }

    /** The categories with at least one labelled window: the ones a fold can leave out and score. */
    List<String> labelledCategories() {
        TreeSet<String> categories = new TreeSet<>();
        for (NabCorpus.Series series : corpus.series()) {
            if (!series.windows().isEmpty()) {
                categories.add(category(series.key()));
            }
        }
        return List.copyOf(categories);
    }

    List<Fold<P>> folds(NabScorer.Profile profile) {
        List<Fold<P>> folds = new ArrayList<>();
        for (String category : labelledCategories()) {
            Candidate<P> best = null;
            NabScorer.Score bestTrained = null;
            for (Map.Entry<Candidate<P>, List<NabScorer.FileResult>> entry : results.entrySet()) {
                NabScorer.Score trained = NabScorer.score(without(entry.getValue(), category), profile);
                if (bestTrained == null || trained.normalised() > bestTrained.normalised()) {
                    best = entry.getKey();
                    bestTrained = trained;
                }
            }
            NabScorer.Score held =
                    NabScorer.scoreAt(only(results.get(best), category), profile, bestTrained.threshold());
            folds.add(new Fold<>(
                    category,
                    profile,
                    best.parameters(),
                    bestTrained.threshold(),
                    bestTrained.normalised(),
                    held.normalised()));
        }
        return folds;
    }

    static String category(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    private static List<NabScorer.FileResult> without(List<NabScorer.FileResult> files, String category) {
        return files.stream().filter(f -> !category(f.name()).equals(category)).toList();
    }

    private static List<NabScorer.FileResult> only(List<NabScorer.FileResult> files, String category) {
        return files.stream().filter(f -> category(f.name()).equals(category)).toList();
    }

    /** Prints every fold and the mean per profile; returns the mean Standard score. */
    double report(java.io.PrintStream out) {
        double standardMean = Double.NaN;
        out.printf(Locale.ROOT, "cross-validated (leave one category out; parameters and threshold from the rest):%n");
        for (NabScorer.Profile profile : NabScorer.PROFILES) {
            List<Fold<P>> folds = folds(profile);
            double mean = folds.stream().mapToDouble(Fold::score).average().orElse(Double.NaN);
            for (Fold<P> fold : folds) {
                out.printf(
                        Locale.ROOT,
                        "  %-20s %-24s %7.2f  (trained %.2f at threshold %.4f with %s)%n",
                        profile.name(),
                        fold.category(),
                        fold.score(),
                        fold.trained(),
                        fold.threshold(),
                        fold.chosen());
            }
            out.printf(Locale.ROOT, "  %-20s %-24s %7.2f%n", profile.name(), "MEAN", mean);
            if (profile == NabScorer.STANDARD) {
                standardMean = mean;
            }
        }
        return standardMean;
    }
}
