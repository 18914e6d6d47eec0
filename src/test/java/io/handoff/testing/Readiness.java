package io.handoff.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/** Waits until a process a test started answers 200 on a URL; fails at once if the process exits. */
final class Readiness {
    private Readiness() {}

    /**
     * @param what the process, for the failure ("Elasticsearch", "the service")
     * @param whereToLook what to read when it fails (a log's path, its tail)
     */
    static void awaitOk(
            Process process, URI url, Duration timeout, Duration poll, String what, Supplier<String> whereToLook) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        try {
            await().atMost(timeout).pollInterval(poll).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            what + " exited with " + process.exitValue() + "; see " + whereToLook.get());
                }
                try {
                    return http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200;
                } catch (IOException notListeningYet) {
                    return false;
                }
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(what + " was not ready within " + timeout + "; see " + whereToLook.get());
        }
    }
}
