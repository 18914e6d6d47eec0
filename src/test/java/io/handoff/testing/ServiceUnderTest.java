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
    private static final String MANAGEMENT_PORT = "quarkus.management.test-port";

    private final ServiceProcess process;
    private final String baseUriBefore;
    private final int portBefore;
    private final String managementPortBefore;

    private ServiceUnderTest(
            ServiceProcess process, String baseUriBefore, int portBefore, String managementPortBefore) {
        this.process = process;
        this.baseUriBefore = baseUriBefore;
        this.portBefore = portBefore;
        this.managementPortBefore = managementPortBefore;
    }

    /** Starts the service with {@code settings} over the test profile and points the requests of the tests at it. */
    public static ServiceUnderTest start(String name, Map<String, String> settings) {
        Map<String, String> config = new HashMap<>(settings);
        config.putIfAbsent("quarkus.profile", "test");
        ServiceProcess process = new ServiceProcess(config, Path.of("target", name + ".log")).start();
        ServiceUnderTest started = new ServiceUnderTest(
                process, RestAssured.baseURI, RestAssured.port, System.getProperty(MANAGEMENT_PORT));
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = URI.create(process.url()).getPort();
        System.setProperty(
                MANAGEMENT_PORT,
                String.valueOf(URI.create(process.managementUrl()).getPort()));
        return started;
    }

    public ServiceProcess process() {
        return process;
    }

    /** Stops the service; requests go where they went before (a {@code @QuarkusTest} app's ports, if one runs). */
    @Override
    public void close() {
        try {
            process.stop();
        } finally {
            RestAssured.baseURI = baseUriBefore;
            RestAssured.port = portBefore;
            if (managementPortBefore == null) {
                System.clearProperty(MANAGEMENT_PORT);
            } else {
                System.setProperty(MANAGEMENT_PORT, managementPortBefore);
            }
        }
    }
}
