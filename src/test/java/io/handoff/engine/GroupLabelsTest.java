package io.handoff.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupLabelsTest {
    @Test
    void undeclaredValuesShareTheBoundAndCannotPushADeclaredGroupIntoOther() {
        GroupLabels labels = new GroupLabels(2, Set.of("consulting"));
        assertThat(labels.label("junk-1")).isEqualTo("junk-1");
        assertThat(labels.label("junk-2")).isEqualTo("junk-2");
        assertThat(labels.label("junk-3")).isEqualTo(GroupLabels.OTHER);
        assertThat(labels.label("consulting"))
                .as("declared, after the bound was reached")
                .isEqualTo("consulting");
        assertThat(labels.label(" ")).isEqualTo(GroupLabels.UNASSIGNED);
    }
}
