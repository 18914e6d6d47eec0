package io.handoff.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WireTextTest {
    @Test
    void bytesAreCountedAsUtf8AndOnlyWholeCharactersWithoutControlsPass() {
        assertThat(WireText.fault("a".repeat(10), 10)).isNull();
        assertThat(WireText.fault("a".repeat(11), 10)).contains("10 bytes");
        assertThat(WireText.fault("ü".repeat(5), 10)).isNull();
        assertThat(WireText.fault("ü".repeat(6), 10)).contains("bytes");
        assertThat(WireText.fault("界界界", 9)).isNull();
        assertThat(WireText.fault("😀😀", 8)).isNull();
        assertThat(WireText.fault("😀😀😀", 8)).contains("bytes");
        assertThat(WireText.fault("a\nb", 10)).contains("U+000A");
        assertThat(WireText.fault("a\u202Eb", 10)).contains("U+202E");
        assertThat(WireText.fault("a\u2028b", 10)).contains("U+2028");
        assertThat(WireText.fault("a\uD800b", 10)).contains("surrogate");
        assertThat(WireText.fault("\uDC00", 10)).contains("surrogate");
    }
}
