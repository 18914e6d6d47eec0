package io.handoff.docs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The configuration reference, read from the code itself: every {@code @ConfigMapping} interface under
 * {@code src/main/java}, its keys (as SmallRye names them), types, defaults, and the Javadoc of each method.
 * {@code docs/configuration.md} is this text; {@link ConfigurationReferenceTest} keeps it so.
 */
public final class ConfigurationReference {

    /** One configuration key: {@code <name>} stands for a map entry's name. */
    public record Key(String name, String type, String defaultValue, String meaning) {}

    /** The keys of one mapping interface, with what its Javadoc says it configures. */
    record Section(String prefix, String title, Class<?> mapping, List<Key> keys) {}

    private static final Path SOURCES = Path.of("src/main/java");
    /** Values application.properties gives keys for every profile: defaults as much as {@code @WithDefault}'s. */
    private static final Map<String, String> SHIPPED = shipped();

    private ConfigurationReference() {}

    static List<Section> sections() {
        return mappings().stream()
                .map(type -> {
                    String prefix = type.getAnnotation(ConfigMapping.class).prefix();
                    List<Key> keys = new ArrayList<>();
                    walk(prefix, type, keys);
                    return new Section(prefix, javadoc(type).orElse(prefix), type, keys);
                })
                .sorted(Comparator.comparing(Section::prefix))
                .toList();
    }

    public static List<Key> keys() {
        return sections().stream().flatMap(s -> s.keys().stream()).toList();
    }

    /** The Markdown page. */
    static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n");
        out.append("<!-- Generated from the @ConfigMapping interfaces' Javadoc by ConfigurationReferenceTest;\n");
        out.append("     regenerate: ./mvnw test -Dtest=ConfigurationReferenceTest -Dhandoff.docs.update=true -->\n\n");
        out.append("Every key Handoff reads, for whoever deploys and runs it. Set a key in `application.properties`\n");
        out.append(
                "(or a file named by `QUARKUS_CONFIG_LOCATIONS`), as a `-D` system property, or as an environment variable\n");
        out.append(
                "(upper case, `.` and `-` as `_`, a quoted segment's quotes as `__`: `handoff.engine.max-flows` is\n");
        out.append(
                "`HANDOFF_ENGINE_MAX_FLOWS`). Secrets belong in the environment. `<name>` is a name you choose (a source,\n");
        out.append(
                "an SLA, a recipient group). A configuration error stops the start-up with a message naming the key.\n\n");
        out.append("Durations are written `250ms`, `30s`, `5m`, `1h`, `2d` or ISO-8601 (`PT90M`); periods `P400D`.\n");
        out.append("The Quarkus settings Handoff relies on (HTTP and management ports, the SMTP server under\n");
        out.append(
                "`quarkus.mailer.*`, OpenID Connect under `quarkus.oidc.*`, its own telemetry under `quarkus.otel.*`)\n");
        out.append("are set and commented in `src/main/resources/application.properties`.\n\n");
        List<Section> sections = sections();
        for (Section section : sections) {
            out.append("- [`")
                    .append(section.prefix())
                    .append("`](#")
                    .append(anchor(section.prefix()))
                    .append(")\n");
        }
        for (Section section : sections) {
            out.append("\n## `").append(section.prefix()).append("`\n\n");
            out.append(section.title()).append("\n\n");
            out.append("| key | type | default | meaning |\n|---|---|---|---|\n");
            for (Key key : section.keys()) {
                out.append("| `")
                        .append(key.name())
                        .append("` | ")
                        .append(key.type())
                        .append(" | ")
                        .append(
                                key.defaultValue().isEmpty()
                                        ? "—"
                                        : "`" + key.defaultValue().replace("|", "\\|") + "`")
                        .append(" | ")
                        .append(key.meaning().replace("|", "\\|"))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    private static String anchor(String prefix) {
        return prefix.replace(".", "").replace(' ', '-');
    }

    private static List<Class<?>> mappings() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> read(f).contains("@ConfigMapping(prefix"))
                    .map(f -> SOURCES.relativize(f)
                            .toString()
                            .replace(".java", "")
                            .replace('/', '.'))
                    .map(ConfigurationReference::load)
                    .filter(c -> c.isAnnotationPresent(ConfigMapping.class))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void walk(String prefix, Class<?> type, List<Key> keys) {
        Map<String, String> docs = memberDocs(type);
        List<Method> methods = Arrays.stream(type.getMethods())
                .filter(m -> m.getParameterCount() == 0
                        && !m.isDefault()
                        && !java.lang.reflect.Modifier.isStatic(m.getModifiers()))
                .sorted(Comparator.comparingInt(m -> order(docs, m.getName())))
                .toList();
        for (Method method : methods) {
            String segment = method.isAnnotationPresent(WithName.class)
                    ? method.getAnnotation(WithName.class).value()
                    : kebab(method.getName());
            String key = method.isAnnotationPresent(WithParentName.class) ? prefix : prefix + "." + segment;
            Type returned = method.getGenericReturnType();
            String meaning = prose(docs.getOrDefault(method.getName(), ""));
            if (isGroup(returned)) {
                walk(key, (Class<?>) returned, keys);
            } else if (returned instanceof ParameterizedType p && raw(p) == Map.class) {
                Type value = p.getActualTypeArguments()[1];
                if (isGroup(value)) {
                    walk(key + ".<name>", (Class<?>) value, keys);
                } else {
                    keys.add(new Key(key + ".<name>", typeName(value), defaultOf(method), meaning));
                }
            } else {
                String fallback = defaultOf(method).isEmpty() ? SHIPPED.getOrDefault(key, "") : defaultOf(method);
                keys.add(new Key(key, typeName(returned), fallback, meaning));
            }
        }
    }

    private static int order(Map<String, String> docs, String method) {
        int index = new ArrayList<>(docs.keySet()).indexOf(method);
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    private static String defaultOf(Method method) {
        WithDefault value = method.getAnnotation(WithDefault.class);
        return value == null ? "" : value.value();
    }

    private static boolean isGroup(Type type) {
        return type instanceof Class<?> c && c.isInterface() && c.getName().startsWith("io.handoff.");
    }

    private static Class<?> raw(ParameterizedType type) {
        return (Class<?>) type.getRawType();
    }

    private static String typeName(Type type) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = raw(p);
            Type inner = p.getActualTypeArguments()[0];
            if (raw == Optional.class) return typeName(inner);
            if (List.class.isAssignableFrom(raw) || java.util.Set.class.isAssignableFrom(raw)) {
                return "list of " + typeName(inner);
            }
            return raw.getSimpleName();
        }
        Class<?> c = (Class<?>) type;
        if (c.isEnum()) {
            return Arrays.stream(c.getEnumConstants())
                    .map(e -> ((Enum<?>) e).name().toLowerCase().replace('_', '-'))
                    .collect(Collectors.joining(" \\| "));
        }
        return switch (c.getSimpleName()) {
            case "int", "long", "Integer", "Long" -> "integer";
            case "double", "Double" -> "number";
            case "boolean", "Boolean" -> "boolean";
            case "String" -> "text";
            case "Duration" -> "duration";
            case "Period" -> "period";
            case "URI" -> "URL";
            case "ZoneId" -> "time zone";
            case "LocalTime" -> "time of day";
            case "LocalDate" -> "date";
            case "DayOfWeek" -> "day of week";
            case "Path" -> "path";
            default -> c.getSimpleName();
        };
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    // --- Javadoc, read from the source next to the class ----------------------------------------------------

    private static final Pattern MEMBER = Pattern.compile(
            "(?s)(/\\*\\*(.*?)\\*/\\s*)?((?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*)[\\w.<>, ?\\[\\]]+\\s+(\\w+)\\(\\)\\s*;");

    /** Javadoc of the members declared directly in {@code type}'s body, in source order. */
    private static Map<String, String> memberDocs(Class<?> type) {
        String body = body(type);
        // Keep only what is at depth 1 of the body: nested interfaces have their own docs.
        StringBuilder top = new StringBuilder();
        int depth = 0;
        boolean comment = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (!comment && body.startsWith("/*", i)) comment = true;
            if (comment && body.startsWith("*/", i - 1) && i > 0) comment = false;
            if (!comment && c == '{') depth++;
            if (depth == 0) top.append(c);
            if (!comment && c == '}') depth--;
        }
        Map<String, String> docs = new LinkedHashMap<>();
        Matcher m = MEMBER.matcher(top);
        while (m.find()) {
            docs.putIfAbsent(m.group(4), m.group(2) == null ? "" : m.group(2));
        }
        return docs;
    }

    private static Optional<String> javadoc(Class<?> type) {
        String source = source(type);
        Matcher m = Pattern.compile(
                        "(?s)/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*(?:public\\s+)?interface\\s+"
                                + type.getSimpleName() + "\\b")
                .matcher(source);
        return m.find() ? Optional.of(prose(m.group(1))) : Optional.empty();
    }

    /** The text between the braces of {@code type}'s declaration (nested interfaces included). */
    private static String body(Class<?> type) {
        String source = source(type);
        Matcher m = Pattern.compile("\\binterface\\s+" + type.getSimpleName() + "\\b[^{]*\\{")
                .matcher(source);
        if (!m.find()) throw new IllegalStateException("no interface " + type.getSimpleName() + " in its source");
        int depth = 1;
        int i = m.end();
        for (; i < source.length() && depth > 0; i++) {
            if (source.charAt(i) == '{') depth++;
            if (source.charAt(i) == '}') depth--;
        }
        return source.substring(m.end(), i - 1);
    }

    private static String source(Class<?> type) {
        Class<?> outer = type;
        while (outer.getEnclosingClass() != null) outer = outer.getEnclosingClass();
        return read(SOURCES.resolve(outer.getName().replace('.', '/') + ".java"));
    }

    /** Javadoc as one Markdown line fit for a table cell. */
    static String prose(String javadoc) {
        String text = javadoc.lines()
                .map(l -> l.strip().replaceFirst("^\\*\\s?", ""))
                .collect(Collectors.joining(" "))
                .strip();
        text = replace(text, "\\{@link #(\\w+)\\(\\)}", m -> "`" + kebab(m.group(1)) + "`");
        text = replace(text, "\\{@link ([\\w.#]+)}", m -> "`" + m.group(1) + "`");
        text = codeSpans(text);
        // Outside code spans, < and > would be read as HTML and vanish.
        StringBuilder out = new StringBuilder();
        boolean code = false;
        for (char c : text.toCharArray()) {
            if (c == '`') code = !code;
            if (!code && c == '<') out.append("&lt;");
            else if (!code && c == '>') out.append("&gt;");
            else out.append(c);
        }
        return out.toString().replaceAll("\\s+", " ");
    }

    /** {@code {@code x}} as a Markdown code span; x may hold balanced braces ({@code {traceId}}). */
    private static String codeSpans(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int start = text.indexOf("{@code ", i);
            if (start < 0) break;
            int depth = 1;
            int end = start + "{@code ".length();
            for (; end < text.length() && depth > 0; end++) {
                if (text.charAt(end) == '{') depth++;
                if (text.charAt(end) == '}') depth--;
            }
            out.append(text, i, start)
                    .append('`')
                    .append(text, start + "{@code ".length(), end - 1)
                    .append('`');
            i = end;
        }
        return out.append(text.substring(i)).toString();
    }

    private static String replace(String text, String regex, java.util.function.Function<Matcher, String> with) {
        Matcher m = Pattern.compile(regex).matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
        m.appendTail(out);
        return out.toString();
    }

    private static Map<String, String> shipped() {
        Map<String, String> values = new LinkedHashMap<>();
        read(Path.of("src/main/resources/application.properties"))
                .lines()
                .filter(l -> l.startsWith("handoff.") && l.contains("="))
                .forEach(l -> values.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return values;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " is not on the test class path", e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
