package io.handoff.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanonicalTest {
    @Test
    void equalValuesFromDifferentEventsShareOneInstanceAndUnequalOnesStayApart() {
        String first = Canonical.of(new String("client-acme"));
        assertThat(Canonical.of(new String("client-acme"))).isSameAs(first);
        assertThat(Canonical.of("client-other")).isEqualTo("client-other");
        assertThat(Canonical.of((String) null)).isNull();

        Double hours = Canonical.of(Double.valueOf(7.5));
        assertThat(Canonical.of(Double.valueOf(7.5))).isSameAs(hours);
        assertThat(Canonical.of(Double.valueOf(-0.0))).isEqualTo(-0.0); // not 0.0: equal numbers only
        assertThat(Canonical.of(Double.valueOf(0.0))).isEqualTo(0.0);
        assertThat(Canonical.of((Double) null)).isNull();
    }

    @Test
    void aLongStringIsNeverKept() {
        String first = "x".repeat(Canonical.LONGEST + 1);
        String second = new String(first);
        assertThat(Canonical.of(first)).isSameAs(first);
        assertThat(Canonical.of(second)).isSameAs(second); // not first: it was not kept
    }

    @Test
    void aFloodOfDistinctValuesNeverChangesAValueItOnlyStopsSharingSome() {
        for (int i = 0; i < 100_000; i++) {
            String value = "line-" + i;
            assertThat(Canonical.of(value)).isEqualTo(value);
            assertThat(Canonical.of(Double.valueOf(i))).isEqualTo(i);
        }
    }

    @Test
    void eventsAndFactsBuiltFromFreshStringsShareTheirNames() {
        EventFacts a = new EventFacts(new String("Acme"), new String("P-1"), new String("finance"), 8.0, null, null);
        EventFacts b = new EventFacts(new String("Acme"), new String("P-1"), new String("finance"), 8.0, null, null);
        assertThat(b.client()).isSameAs(a.client());
        assertThat(b.project()).isSameAs(a.project());
        assertThat(b.group()).isSameAs(a.group());
        assertThat(b.hours()).isSameAs(a.hours());
        ObjectRef one = new ObjectRef(new String("account.analytic.line"), "1");
        ObjectRef two = new ObjectRef(new String("account.analytic.line"), "2");
        assertThat(two.model()).isSameAs(one.model());
    }
}
