package io.handoff.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {
    /** A cluster id starting with '-' is read as an option by the storage tool: the broker never starts. */
    @Test
    void clusterIdsAreKafkasFormatAndNeverLookLikeAnOption() {
        assertThat(IntStream.range(0, 10_000).mapToObj(i -> KafkaBroker.clusterId()))
                .allMatch(id -> id.matches("[A-Za-z0-9_][A-Za-z0-9_-]{21}"));
    }
}
