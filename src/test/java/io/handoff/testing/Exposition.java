package io.handoff.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a Prometheus text exposition, read sample by sample, so tests compare values (and differences
 * between two scrapes) rather than look for a series name that may be registered at zero.
 */
public final class Exposition {
    private static final Pattern SAMPLE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)(?: \\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples = new ArrayList<>();

    private Exposition(String text) {
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
    }

    public static Exposition of(String text) {
        return new Exposition(text);
    }

    /** One client for every scrape: a client per call costs its own selector thread and connection (tens of ms). */
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Scrapes {@code /q/metrics} of the service at {@code baseUrl}. */
    public static Exposition scrape(String baseUrl) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + baseUrl + "/q/metrics answered " + response.statusCode());
        }
        return of(response.body());
    }

    /** Sum over every sample of {@code name} whose labels include all of {@code labels} (name, value, name, value…). */
    public double sum(String name, String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs");
        }
        double sum = 0;
        for (Sample sample : samples) {
            if (sample.name.equals(name) && matches(sample.labels, labels)) {
                sum += sample.value;
            }
        }
        return sum;
    }

    /** Whether any sample of {@code name} with these labels is exposed at all (whatever its value). */
    public boolean has(String name, String... labels) {
        return samples.stream().anyMatch(s -> s.name.equals(name) && matches(s.labels, labels));
    }

    private static boolean matches(Map<String, String> actual, String[] wanted) {
        for (int i = 0; i < wanted.length; i += 2) {
            if (!wanted[i + 1].equals(actual.get(wanted[i]))) {
                return false;
            }
        }
        return true;
    }
}
