package io.handoff.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the docs name exists in the code: every configuration key, metric name and endpoint path written in
 * backticks (or in a properties code block) in the README, {@code docs/}, the runbooks and the READMEs of the
 * dashboards and alert rules. A renamed key or metric fails here, not in a reader's deployment.
 */
class DocsReferencesTest {

    /** A reference and where it was written. */
    record Reference(String text, Path file) {
        @Override
        public String toString() {
            return "`" + text + "` in " + file;
        }
    }

    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern FENCE = Pattern.compile("(?s)```[a-z]*\\n(.*?)```");
    private static final Pattern KEY =
            Pattern.compile("(?<![\\w.<])(?![\\w.-]*\\.(?:yml|yaml|json|md|com|org|properties)\\b)"
                    + "((?:handoff|quarkus)\\.[a-z0-9<>\"._-]*(?:[a-z0-9>\"]|[.-]\\*))");
    private static final Pattern METRIC = Pattern.compile("\\b(handoff_[a-z0-9_]+\\*?)");
    private static final Pattern PATH =
            Pattern.compile("(?<![\\w.])(/(?:api/|console|q/|problems|runbooks/)[^\\s`?#\"'),]*)");

    @Test
    void every_configuration_key_named_in_the_docs_exists() throws IOException {
        List<String> declared = ConfigurationReference.keys().stream()
                .map(ConfigurationReference.Key::name)
                .toList();
        Set<String> properties = propertyKeys();
        Set<String> attributes = spanAttributes();
        Set<String> values = propertyValues();
        List<Reference> unknown = new ArrayList<>();
        List<Reference> checked = new ArrayList<>();
        for (Reference ref : references(KEY)) {
            String text = ref.text().replaceAll(">$", ref.text().contains("<") ? ">" : "");
            boolean wildcard = text.endsWith("*");
            String key = text.replaceAll("[.-]?\\*$", "");
            checked.add(ref);
            boolean known = key.startsWith("quarkus.")
                    ? QUARKUS_KEYS.contains(key)
                            || properties.stream().anyMatch(p -> p.equals(key) || p.startsWith(key + "."))
                    : declared.stream().anyMatch(d -> names(key, d, wildcard))
                            || attributes.contains(key)
                            || values.stream().anyMatch(v -> key.equals(v) || key.startsWith(v + "."));
            if (!known) unknown.add(ref);
        }
        assertThat(checked).as("keys found in the docs").hasSizeGreaterThan(100);
        assertThat(unknown)
                .as("configuration keys named in the docs that no @ConfigMapping declares (quarkus.*: that no"
                        + " properties file of the project sets)")
                .isEmpty();
    }

    @Test
    void every_handoff_key_the_shipped_properties_set_is_declared() throws IOException {
        List<String> declared = ConfigurationReference.keys().stream()
                .map(ConfigurationReference.Key::name)
                .toList();
        List<String> undeclared = propertyKeys().stream()
                .filter(k -> k.startsWith("handoff."))
                .filter(k -> declared.stream()
                        .noneMatch(d -> names(k, d, false)
                                && segments(k).size() == segments(d).size()))
                .toList();
        assertThat(undeclared)
                .as("keys set in application.properties or deploy/compose.properties")
                .isEmpty();
    }

    /** Whether the key the docs name is {@code declared} or one of its groups; {@code <name>} takes one segment. */
    static boolean names(String key, String declared, boolean wildcard) {
        List<String> doc = segments(key);
        List<String> decl = segments(declared);
        if (doc.size() > decl.size()) return false;
        for (int i = 0; i < doc.size(); i++) {
            String d = doc.get(i);
            String k = decl.get(i);
            boolean last = i == doc.size() - 1;
            if (k.equals("<name>") || d.equals(k) || (wildcard && last && k.startsWith(d))) continue;
            return false;
        }
        if (doc.size() == decl.size() || wildcard) return true;
        // A group (handoff.console.sso) ends on a literal segment, or names the map entry as a placeholder.
        return !decl.get(doc.size() - 1).equals("<name>")
                || doc.get(doc.size() - 1).startsWith("<");
    }

    static List<String> segments(String key) {
        List<String> segments = new ArrayList<>();
        Matcher m = Pattern.compile("\"[^\"]*\"|[^.]+").matcher(key);
        while (m.find()) segments.add(m.group());
        return segments;
    }

    @Test
    void every_metric_named_in_the_docs_is_exported() throws IOException {
        Set<String> meters = meterNames();
        Map<String, String> types = meterTypes();
        List<Reference> unknown = new ArrayList<>();
        List<Reference> found = references(METRIC);
        for (Reference ref : found) {
            String name = ref.text();
            if (name.endsWith("*") || name.endsWith("_")) {
                String prefix = name.replaceAll("\\*$", "");
                if (meters.stream().noneMatch(m -> m.startsWith(prefix))) unknown.add(ref);
                continue;
            }
            // Prometheus names: the meter's name, its base unit (seconds, events...), then the type's suffix.
            String typed = name.replaceAll("(_total|_bucket|_count|_sum|_max|_created)$", "");
            String unitless = typed.replaceAll("_(seconds|bytes|events|operations|documents|records|ratio)$", "");
            String meter = meters.contains(name) ? name : meters.contains(typed) ? typed : unitless;
            if (!meters.contains(meter)) {
                unknown.add(ref);
                continue;
            }
            String suffix = name.substring(meter.length());
            String type = types.get(meter);
            boolean fits = type == null
                    || switch (type) {
                        case "Counter", "FunctionCounter" -> suffix.equals("_total");
                        case "Gauge" -> suffix.matches("(_[a-z]+)?");
                        case "TimeGauge" -> suffix.equals("_seconds");
                        case "Timer" -> suffix.matches("_seconds(_count|_sum|_max|_bucket)?");
                        default -> suffix.matches("(_[a-z]+)?(_count|_sum|_max|_bucket)?");
                    };
            if (!fits) unknown.add(ref);
        }
        assertThat(found).as("metric names found in the docs").hasSizeGreaterThan(30);
        assertThat(unknown)
                .as("metric names in the docs that no meter in src/main/java registers")
                .isEmpty();
    }

    @Test
    void every_endpoint_named_in_the_docs_is_served() throws IOException {
        List<String> templates = servedTemplates();
        List<Pattern> served =
                templates.stream().map(DocsReferencesTest::pattern).toList();
        List<Reference> unknown = new ArrayList<>();
        List<Reference> found = references(PATH);
        for (Reference ref : found) {
            if (ref.text().contains("|/")) {
                // a PromQL regex over paths (uri=~"/a/.*|/b"): each alternative on its own
                for (String alternative : ref.text().split("\\|(?=/)")) {
                    if (!served(alternative, templates, served)) unknown.add(ref);
                }
                continue;
            }
            String path = ref.text().replaceAll("/$", "");
            if (path.contains("…") || path.endsWith(".*") || ref.text().endsWith("/")) {
                // a family of paths: some served path starts with what is written before the ellipsis
                String head = path.replaceAll("(…|\\.\\*).*$", "");
                if (templates.stream().noneMatch(p -> p.startsWith(head))) unknown.add(ref);
                continue;
            }
            // a/b|c|d: each alternative of the last segment
            int slash = path.lastIndexOf('/');
            for (String last : path.substring(slash + 1).split("\\|")) {
                String one = path.substring(0, slash + 1) + last;
                if (served.stream().noneMatch(p -> p.matcher(one).matches())) unknown.add(ref);
            }
        }
        assertThat(found).as("paths found in the docs").hasSizeGreaterThan(20);
        assertThat(unknown).as("paths in the docs that no resource serves").isEmpty();
    }

    @Test
    void the_readme_stays_a_front_door() throws IOException {
        assertThat(Files.readAllLines(Path.of("README.md")))
                .as("README.md lines: depth belongs in docs/")
                .hasSizeLessThanOrEqualTo(250);
    }

    @Test
    void every_relative_link_and_picture_points_at_a_file_of_the_repository() throws IOException {
        Pattern link = Pattern.compile("\\]\\(([^)#\\s]+)(?:#[^)]*)?\\)");
        int links = 0;
        List<String> broken = new ArrayList<>();
        for (Path doc : documents()) {
            Matcher m = link.matcher(Files.readString(doc));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // http:, https:, mailto:
                }
                links++;
                Path parent = doc.getParent() == null ? Path.of("") : doc.getParent();
                if (!Files.exists(parent.resolve(target))) broken.add(target + " in " + doc);
            }
        }
        assertThat(links).as("relative links found").isGreaterThan(30);
        assertThat(broken).as("links to files that do not exist").isEmpty();
    }

    private static boolean served(String text, List<String> templates, List<Pattern> served) {
        String path = text.replaceAll("/$", "");
        if (path.endsWith(".*")) {
            String head = path.substring(0, path.length() - 2);
            return templates.stream().anyMatch(p -> p.startsWith(head));
        }
        return served.stream().anyMatch(p -> p.matcher(path).matches());
    }

    // --- what the docs say ---------------------------------------------------------------------------------

    static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(
                Path.of("README.md"),
                Path.of("SECURITY.md"),
                Path.of("dashboards/README.md"),
                Path.of("alert-rules/README.md")));
        try (Stream<Path> pages = Stream.concat(Files.list(Path.of("docs")), Files.list(Path.of("runbooks")))) {
            pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    private static List<Reference> references(Pattern pattern) throws IOException {
        List<Reference> refs = new ArrayList<>();
        for (Path doc : documents()) {
            String text = Files.readString(doc);
            List<String> code = new ArrayList<>();
            Matcher fences = FENCE.matcher(text);
            while (fences.find()) code.add(fences.group(1));
            Matcher spans = CODE_SPAN.matcher(FENCE.matcher(text).replaceAll(""));
            while (spans.find()) code.add(spans.group(1));
            // Indented code blocks (four spaces, outside fences) are code too.
            FENCE.matcher(text)
                    .replaceAll("")
                    .lines()
                    .filter(l -> l.startsWith("    ") && !l.isBlank())
                    .forEach(code::add);
            for (String snippet : code) {
                // URLs name paths after their host: https://handoff.example.com/api/..., localhost:8080/api/...
                snippet = snippet.replaceAll(
                        "(?:https?://)?(?:[a-z0-9-]+\\.)*[a-z0-9-]+:\\d{2,5}|https?://[^/\\s\"']+", "");
                Matcher m = pattern.matcher(snippet);
                while (m.find()) refs.add(new Reference(m.group(1), doc));
            }
        }
        return refs;
    }

    // --- what the code has -----------------------------------------------------------------------------------

    private static Set<String> propertyKeys() throws IOException {
        Set<String> keys = new TreeSet<>();
        for (Path file :
                List.of(Path.of("src/main/resources/application.properties"), Path.of("deploy/compose.properties"))) {
            Files.readAllLines(file).stream()
                    .filter(l -> !l.startsWith("#") && l.contains("="))
                    .map(l -> l.substring(0, l.indexOf('=')).replaceFirst("^%[a-z]+\\.", ""))
                    .forEach(keys::add);
        }
        return keys;
    }

    /** The Micrometer type of each meter built with its name written out (others are checked by name only). */
    private static Map<String, String> meterTypes() throws IOException {
        Pattern builder = Pattern.compile(
                "(Counter|FunctionCounter|Gauge|TimeGauge|Timer|DistributionSummary)\\.builder\\(\\s*\"(handoff\\.[a-z0-9.]+)\"");
        Map<String, String> types = new java.util.HashMap<>();
        for (String source : mainSources()) {
            Matcher m = builder.matcher(source);
            while (m.find()) types.put(m.group(2).replace('.', '_'), m.group(1));
        }
        return types;
    }

    private static Set<String> meterNames() throws IOException {
        Pattern literal = Pattern.compile("\"(handoff\\.[a-z0-9.]+)\"");
        Set<String> names = new TreeSet<>();
        for (String source : mainSources()) {
            Matcher m = literal.matcher(source);
            while (m.find()) names.add(m.group(1).replace('.', '_'));
        }
        return names;
    }

    /** The text of every Java source under src/main/java. */
    private static List<String> mainSources() throws IOException {
        List<String> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.add(Files.readString(file));
            }
        }
        return sources;
    }

    /**
     * Quarkus settings the docs cite that the project's properties files do not set: each checked by hand
     * against the Quarkus 3.30 configuration guides (mailer, OIDC, HTTP).
     */
    private static final Set<String> QUARKUS_KEYS = Set.of(
            "quarkus.mailer.host",
            "quarkus.mailer.port",
            "quarkus.mailer.username",
            "quarkus.mailer.password",
            "quarkus.mailer.start-tls",
            "quarkus.mailer.tls",
            "quarkus.mailer.from",
            "quarkus.mailer.mock",
            "quarkus.oidc.auth-server-url",
            "quarkus.oidc.client-id",
            "quarkus.oidc.credentials.secret",
            "quarkus.http.access-log.enabled",
            "quarkus.http.ssl.certificate.files",
            "quarkus.http.ssl.certificate.key-files",
            "quarkus.http.insecure-requests",
            "quarkus.otel.exporter.otlp.traces.endpoint");

    /** The span attribute names of flow traces (trace/FlowSpans), which look like keys. */
    private static Set<String> spanAttributes() {
        Pattern literal = Pattern.compile("\"(handoff\\.[a-z0-9._]+)\"");
        Set<String> found = new TreeSet<>();
        try {
            Matcher m = literal.matcher(Files.readString(Path.of("src/main/java/io/handoff/trace/FlowSpans.java")));
            while (m.find()) found.add(m.group(1));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return found;
    }

    /** Values of the properties files that look like keys: topic names. */
    private static Set<String> propertyValues() {
        try {
            return Files.readAllLines(Path.of("src/main/resources/application.properties")).stream()
                    .filter(l -> !l.startsWith("#") && l.contains("="))
                    .map(l -> l.substring(l.indexOf('=') + 1))
                    .filter(v -> v.matches("handoff\\.[a-z0-9.-]+"))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every path a JAX-RS resource serves, as its annotations write it ({@code /api/v1/flows/{key: .+}}). */
    private static List<String> servedTemplates() throws IOException {
        Pattern classPath = Pattern.compile("@Path\\(\"([^\"]+)\"\\)\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*public class");
        Pattern methodPath = Pattern.compile("@Path\\(\"([^\"]+)\"\\)");
        List<String> paths = new ArrayList<>(List.of(
                // Quarkus's own, from the extensions in pom.xml (management interface and OpenAPI)
                "/q/metrics",
                "/q/health",
                "/q/health/live",
                "/q/health/ready",
                "/q/health/started",
                "/q/openapi",
                "/q/swagger-ui"));
        for (String source : mainSources()) {
            Matcher base = classPath.matcher(source);
            if (!base.find()) continue;
            String root = base.group(1);
            paths.add(root);
            Matcher m = methodPath.matcher(source);
            while (m.find()) {
                if (m.start() != base.start()) paths.add(root + (m.group(1).startsWith("/") ? "" : "/") + m.group(1));
            }
        }
        return paths;
    }

    /** A served path as a pattern: a parameter takes one segment ({@code .+} ones any), written or concrete. */
    private static Pattern pattern(String template) {
        String marked = template.replaceAll("\\{[a-zA-Z]+:\\s*\\.\\+}", "\u0001")
                .replaceAll("\\{([a-zA-Z]+)(?::[^}]*)?}", "\u0000");
        return Pattern.compile(Pattern.quote(marked)
                .replace("\u0000", "\\E(?:\\{[a-zA-Z<>-]+}|<[a-z-]+>|[^/]+)\\Q")
                .replace("\u0001", "\\E.+\\Q"));
    }
}
