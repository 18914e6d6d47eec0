package io.handoff.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Kafka broker for the tests: Kafka 4 in KRaft mode (broker and controller in one process),
 * from the Maven Central jars on the test classpath, formatted with {@code kafka.tools.StorageTool} and
 * run as {@code kafka.Kafka} in its own JVM on free loopback ports. No Docker. Can be stopped and started
 * again on the same ports and data (a broker restart). Removed when the JVM exits.
 */
public final class KafkaBroker implements AutoCloseable {
    private static KafkaBroker shared;

    private final Path work;
    private final int port;
    private final int controllerPort;
    private final int saslPort;
    private Process process;

    /** The SASL/PLAIN listener's user for Handoff, and its password. */
    public static final String SASL_USER = "handoff";

    public static final String SASL_PASSWORD = "handoff-secret-0001";

    private KafkaBroker() throws IOException {
        this.work = Files.createTempDirectory("handoff-kafka");
        this.port = freePort();
        this.controllerPort = freePort();
        this.saslPort = freePort();
        Files.writeString(
                work.resolve("server.properties"),
                String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                        "listeners=PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort
                                + ",CONTROLLER://127.0.0.1:" + controllerPort,
                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:"
                                + saslPort,
                        "controller.listener.names=CONTROLLER",
                        "inter.broker.listener.name=PLAINTEXT",
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                        // A second listener that needs SASL/PLAIN, for clients that must bring credentials.
                        "sasl.enabled.mechanisms=PLAIN",
                        "listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                                + "username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\" user_"
                                + SASL_USER + "=\"" + SASL_PASSWORD + "\";",
                        "log.dirs=" + work.resolve("data"),
                        "num.partitions=3",
                        "offsets.topic.replication.factor=1",
                        "offsets.topic.num.partitions=3",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "share.coordinator.state.topic.replication.factor=1",
                        "share.coordinator.state.topic.min.isr=1",
                        "group.initial.rebalance.delay.ms=0",
                        "auto.create.topics.enable=true",
                        // Records up to 5 MB reach the broker, so a test can hand Handoff one over its own producer's
                        // limit.
                        "message.max.bytes=5242880",
                        ""));
        run(
                List.of(
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        clusterId(),
                        "-c",
                        work.resolve("server.properties").toString()),
                Duration.ofMinutes(2));
    }

    /**
     * Kafka's cluster id format: 16 random bytes, URL-safe base64 without padding; never starting with '-', which the
     * storage tool would read as an option (one start in 64 failed so, before; Kafka's own Uuid draws again too).
     */
    static String clusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16)
                    .putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits());
            String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    /** The broker all tests share, started on first use. */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            try {
                shared = new KafkaBroker();
                KafkaBroker broker = shared;
                Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-cleanup"));
                shared.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /**
     * The Kafka Streams settings of a test instance: a state directory of its own under {@code target} (empty: its
     * partitions restore from the changelog), its API advertised on loopback, a checkpoint every second.
     */
    public static java.util.Map<String, String> streamsConfig() {
        try {
            Path state = Files.createTempDirectory(Path.of("target"), "streams-state")
                    .toAbsolutePath();
            return java.util.Map.of(
                    "handoff.kafka.streams.state-dir", state.toString(),
                    "handoff.kafka.streams.advertised-url", "http://127.0.0.1:${quarkus.http.port}",
                    "handoff.kafka.streams.checkpoint-interval", "1s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The listener that accepts only SASL/PLAIN-authenticated clients ({@link #SASL_USER}). */
    public String saslBootstrapServers() {
        return "127.0.0.1:" + saslPort;
    }

    /** The client settings for {@link #saslBootstrapServers()} with {@code password}. */
    public static java.util.Map<String, String> saslClient(String password) {
        return java.util.Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + SASL_USER
                                + "\" password=\"" + password + "\";");
    }

    /** Starts the broker (again) and waits until it accepts connections. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            process = java(List.of(
                            "-Xmx512m",
                            "kafka.Kafka",
                            work.resolve("server.properties").toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            work.resolve("broker.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(
                                    "the Kafka broker exited; see " + work.resolve("broker.log"));
                        }
                        try (Socket socket = new Socket()) {
                            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                            return true;
                        } catch (IOException notYet) {
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(
                    "the Kafka broker did not listen within 60 s; see " + work.resolve("broker.log"));
        }
    }

    /** Stops the broker as an operator would (SIGTERM, controlled shutdown), keeping its data. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Kills the broker (SIGKILL): no controlled shutdown, connections dropped mid-request; its log is recovered on start. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        try {
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans it eventually
        }
    }

    private void run(List<String> arguments, Duration timeout) throws IOException {
        Process tool = java(arguments)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        work.resolve("tool.log").toFile()))
                .start();
        try {
            if (!tool.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || tool.exitValue() != 0) {
                throw new IllegalStateException(arguments.get(0) + " failed; see " + work.resolve("tool.log") + ": "
                        + Files.readString(work.resolve("tool.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A JVM with the test classpath (the Kafka jars are test dependencies). */
    private ProcessBuilder java(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.util.logging.manager=java.util.logging.LogManager");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(arguments);
        return new ProcessBuilder(command).directory(work.toFile());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
