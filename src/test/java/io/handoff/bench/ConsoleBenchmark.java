package io.handoff.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console under load: with 100,000 flows held and a few thousand open exceptions, each console page is requested
 * a few hundred times, one after another, beside the JSON API answer with the same data as the raw baseline of the
 * same run. Prints bytes, p50 and p95 per page and the ratio of the page's p95 to its baseline's; and the weight of the
 * first page (the inbox with its stylesheet). Run by {@code scripts/bench-console.sh}.
 */
public final class ConsoleBenchmark {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final int WARMUP = 50;
    private static final int TIMED = 300;

    private ConsoleBenchmark() {}

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String ingestKey = args[1];
        String operatorKey = args[2];
        int flows = args.length > 3 ? Integer.parseInt(args[3]) : 100_000;
        int late = args.length > 4 ? Integer.parseInt(args[4]) : 2_000;

        String run = "cb" + System.currentTimeMillis() % 100_000;
        long t0 = System.nanoTime();
        for (byte[] batch : IngestBenchmark.batches(flows, 1000, run)) {
            post(base + "/api/v1/events", ingestKey, batch);
        }
        List<byte[]> lateBatches = lateMessages(late, run);
        for (byte[] batch : lateBatches) {
            post(base + "/api/v1/events", ingestKey, batch);
        }
        System.out.printf(
                "loaded %,d flows and %,d late messages in %.1f s%n",
                flows + late, late, (System.nanoTime() - t0) / 1e9);
        long open = 0;
        for (int i = 0; i < 120 && open < late; i++) {
            Thread.sleep(500);
            String page = get(base + "/api/v1/exceptions?status=open&size=1", "Bearer " + operatorKey, null)
                    .body();
            open = Long.parseLong(page.replaceAll("(?s).*\"total\":(\\d+).*", "$1"));
        }
        System.out.printf("%,d open exceptions%n", open);

        String cookie = signIn(base, operatorKey);
        String exceptionId = "sla-breach:middleware-delivery:" + run + "-late-7";
        String line = "account.analytic.line/" + (run.hashCode() & 0xffff) + "1";
        String[][] pairs = {
            {"inbox", "/console", "/api/v1/exceptions?status=open&size=50"},
            {"exception", "/console/exception?id=" + enc(exceptionId), "/api/v1/exceptions/" + exceptionId},
            {"flow", "/console/flow?key=" + enc(line), "/api/v1/flows/" + line},
            {"slas", "/console/slas", "/api/v1/slas"},
            {"search", "/console/search?client=client-7", "/api/v1/flows?client=client-7"},
        };
        System.out.printf("%-10s %9s %9s %9s %14s %9s%n", "page", "bytes", "p50 ms", "p95 ms", "API p95 ms", "ratio");
        for (String[] pair : pairs) {
            Timing page = time(base + pair[1], null, cookie);
            Timing api = time(base + pair[2], "Bearer " + operatorKey, null);
            System.out.printf(
                    "%-10s %9d %9.1f %9.1f %14.1f %9.2f%n",
                    pair[0], page.bytes, page.p50, page.p95, api.p95, page.p95 / api.p95);
        }
        int css = get(base + "/console/assets/console.css", null, null).body().length();
        int inbox = get(base + "/console", null, cookie).body().getBytes(StandardCharsets.UTF_8).length;
        System.out.printf(
                "first page: inbox %,d bytes + stylesheet %,d bytes = %,d bytes (uncompressed)%n",
                inbox, css, inbox + css);
    }

    private record Timing(int bytes, double p50, double p95) {}

    private static Timing time(String url, String authorization, String cookie) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            check(get(url, authorization, cookie), url);
        }
        double[] ms = new double[TIMED];
        int bytes = 0;
        for (int i = 0; i < TIMED; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = get(url, authorization, cookie);
            ms[i] = (System.nanoTime() - start) / 1e6;
            check(r, url);
            bytes = r.body().getBytes(StandardCharsets.UTF_8).length;
        }
        Arrays.sort(ms);
        return new Timing(bytes, ms[TIMED / 2], ms[(int) Math.ceil(TIMED * 0.95) - 1]);
    }

    private static void check(HttpResponse<String> r, String url) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static List<byte[]> lateMessages(int count, String run) {
        String time =
                Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS).toString();
        List<byte[]> batches = new ArrayList<>();
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < count; i++) {
            batch.append(batch.length() == 0 ? "[" : ",")
                    .append("{\"specversion\":\"1.0\",\"id\":\"")
                    .append(run)
                    .append("-late-")
                    .append(i)
                    .append("\",\"source\":\"esb://bench\",\"type\":\"middleware.message.received\",\"time\":\"")
                    .append(time)
                    .append("\",\"correlationid\":\"")
                    .append(run)
                    .append("-late-")
                    .append(i)
                    .append("\",\"data\":{\"client\":\"client-")
                    .append(i % 40)
                    .append("\",\"practice\":\"p")
                    .append(i % 8)
                    .append("\",\"amount\":")
                    .append(100 + i % 900)
                    .append("}}");
            if ((i + 1) % 500 == 0 || i == count - 1) {
                batches.add(batch.append(']').toString().getBytes(StandardCharsets.UTF_8));
                batch.setLength(0);
            }
        }
        return batches;
    }

    private static String signIn(String base, String key) throws Exception {
        HttpResponse<String> form = get(base + "/console/signin", null, null);
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
        if (!csrf.find()) {
            throw new IllegalStateException("no sign-in form");
        }
        HttpResponse<String> signedIn = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/console/signin"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", "handoff_signin=" + csrf.group(1))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "key=" + enc(key) + "&csrf=" + enc(csrf.group(1)) + "&then=%2Fconsole"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("handoff_session="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("sign-in failed: " + signedIn.statusCode()));
    }

    private static void post(String url, String key, byte[] body) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/cloudevents-batch+json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static HttpResponse<String> get(String url, String authorization, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
