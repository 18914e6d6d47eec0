package io.handoff.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real single-node Elasticsearch for the tests, from the distribution Maven unpacked into
 * {@code target/elasticsearch-dist} (the Maven Central integ-test zip). Started once per test JVM,
 * stopped and deleted by a shutdown hook, also after a failure.
 *
 * <p>Elasticsearch refuses to run as root: when the tests run as root it runs as {@code nobody}, from a
 * copy of the distribution in a temporary directory that user can read. It needs a JDK 21+; one is
 * looked up under {@code ES_JAVA_HOME} or {@code /usr/lib/jvm}.
 */
public final class ElasticsearchServer {
    private static ElasticsearchServer shared;

    private final Path work;
    private final Path home;
    private final Path javaHome;
    private final int port;
    private final boolean asRoot;
    private Process process;

    private ElasticsearchServer(Path distribution) throws IOException {
        this.javaHome = jdk21();
        this.asRoot = "root".equals(System.getProperty("user.name"));
        this.work = Files.createTempDirectory("handoff-es-");
        this.home = work.resolve("home");
        copy(distribution, home);
        Files.createDirectories(work.resolve("data"));
        Files.createDirectories(work.resolve("logs"));
        Files.createDirectories(work.resolve("tmp"));
        try (Stream<Path> bins = Files.list(home.resolve("bin"))) {
            bins.forEach(bin -> bin.toFile().setExecutable(true, false));
        }
        if (asRoot) {
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
            run("chown", "-R", "nobody:nogroup", work.toString());
        }
        this.port = freePort();
    }

    /** The one server of this JVM, started on first use. */
    public static synchronized ElasticsearchServer shared() {
        if (shared == null) {
            try {
                shared = new ElasticsearchServer(distribution());
                ElasticsearchServer server = shared;
                Runtime.getRuntime().addShutdownHook(new Thread(server::destroy, "elasticsearch-cleanup"));
                shared.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Documents in the indices matching {@code indices} ({@code query}: e.g. {@code "?q=field:value"}, or empty), after a refresh. */
    public long count(String indices, String query) {
        HttpClient http = HttpClient.newHttpClient();
        try {
            http.send(
                    HttpRequest.newBuilder(URI.create(url() + "/" + indices + "/_refresh"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url() + "/" + indices + "/_count" + query))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "count of " + indices + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return Long.parseLong(response.body().replaceAll(".*\"count\":(\\d+).*", "$1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the node (again, after {@link #stop}, on the same port and data) and waits until it answers. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>();
        if (asRoot) {
            command.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        command.addAll(List.of(
                home.resolve("bin/elasticsearch").toString(),
                "-E",
                "discovery.type=single-node",
                "-E",
                "xpack.security.enabled=false",
                "-E",
                "cluster.name=handoff-test",
                "-E",
                "network.host=127.0.0.1",
                "-E",
                "http.port=" + port,
                "-E",
                "transport.port=" + freePort(),
                "-E",
                "path.data=" + work.resolve("data"),
                "-E",
                "path.logs=" + work.resolve("logs"),
                "-E",
                "cluster.routing.allocation.disk.threshold_enabled=false",
                "-E",
                "action.destructive_requires_name=false"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        work.resolve("console.log").toFile()));
        builder.environment().put("ES_JAVA_HOME", javaHome.toString());
        builder.environment().put("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
        builder.environment().put("ES_TMPDIR", work.resolve("tmp").toString());
        builder.environment().remove("JAVA_HOME");
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitUp(Duration.ofSeconds(120));
    }

    /** Stops the node (SIGTERM to it and its children) and waits for it to exit; data is kept. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
        process = null;
    }

    private void awaitUp(Duration timeout) {
        Readiness.awaitOk(
                process,
                URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s"),
                timeout,
                Duration.ofMillis(500),
                "Elasticsearch",
                () -> work.resolve("console.log") + "\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(work.resolve("console.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no console log)";
        }
    }

    private void destroy() {
        try {
            stop();
        } finally {
            delete(work);
        }
    }

    private static Path distribution() throws IOException {
        String configured = System.getProperty("test.elasticsearch.home");
        if (configured != null && Files.isDirectory(Paths.get(configured))) {
            return Paths.get(configured);
        }
        Path dist = Paths.get("target", "elasticsearch-dist");
        if (Files.isDirectory(dist)) {
            try (Stream<Path> dirs = Files.list(dist)) {
                Optional<Path> found = dirs.filter(
                                d -> d.getFileName().toString().startsWith("elasticsearch-"))
                        .findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw new IllegalStateException(
                "no Elasticsearch distribution: run the tests with ./mvnw verify, which unpacks it into target/elasticsearch-dist");
    }

    /** A JDK 21 or newer: ES_JAVA_HOME if set, else the newest under /usr/lib/jvm. */
    public static Path jdk21() throws IOException {
        String env = System.getenv("ES_JAVA_HOME");
        if (env != null && !env.isBlank()) {
            return Paths.get(env);
        }
        try (Stream<Path> jdks = Files.list(Paths.get("/usr/lib/jvm"))) {
            return jdks.filter(j -> Files.isExecutable(j.resolve("bin/java")) && feature(j) >= 21)
                    .max(Comparator.comparingInt(ElasticsearchServer::feature))
                    .orElseThrow(() -> new IllegalStateException(
                            "Elasticsearch needs a JDK 21+: set ES_JAVA_HOME or install one under /usr/lib/jvm"));
        }
    }

    private static int feature(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp dir left behind is harmless
        }
    }

    private static void run(String... command) throws IOException {
        try {
            int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + exit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
