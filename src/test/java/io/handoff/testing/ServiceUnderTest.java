package io.handoff.testing;

import io.restassured.RestAssured;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The packaged service, run with the test profile and a class's own settings, as the service under test of that class:
 * {@link Api} and {@link Management} requests go to it. What a {@code @QuarkusTest} with a test profile of its own
 * gives, without that profile's Quarkus build (Quarkus builds every test profile before the first test, several
 * seconds each on two cores, and restarts the app whenever the profile changes). For a class that needs the service's
 * HTTP edges only; one that reaches into beans stays a {@code @QuarkusTest}.
 */
public final class ServiceUnderTest implements AutoCloseable {
    private final ServiceProcess process;

    private ServiceUnderTest(ServiceProcess process) {
        this.process = process;
    }

    /** Starts the service with {@code settings} over the test profile and points the requests of the tests at it. */
    public static ServiceUnderTest start(String name, Map<String, String> settings) {
        Map<String, String> config = new HashMap<>(settings);
        config.putIfAbsent("quarkus.profile", "test");
        ServiceProcess process = new ServiceProcess(config, Path.of("target", name + ".log")).start();
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = URI.create(process.url()).getPort();
        System.setProperty(
                "quarkus.management.test-port",
                String.valueOf(URI.create(process.managementUrl()).getPort()));
        return new ServiceUnderTest(process);
    }

    public ServiceProcess process() {
        return process;
    }

    /** Stops the service; requests go where they went before. */
    @Override
    public void close() {
        try {
            process.stop();
        } finally {
            RestAssured.reset();
            System.clearProperty("quarkus.management.test-port");
        }
    }
}
