package io.handoff.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/** The service's management interface under test (metrics, health): its own port, not the API's. */
public final class Management {
    private Management() {}

    /** The port the service under test serves {@code /q/metrics} and {@code /q/health} on. */
    public static int port() {
        String actual = System.getProperty("quarkus.management.test-port");
        if (actual != null && !actual.equals("0")) {
            return Integer.parseInt(actual);
        }
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    /** A request to the management interface. */
    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }

    /** The Prometheus exposition of the service under test. */
    public static String metrics() {
        return io.handoff.testing.Management.given()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }
}
