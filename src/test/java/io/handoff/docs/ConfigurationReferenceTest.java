package io.handoff.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code docs/configuration.md} is generated from the code, so it cannot drift from what the service reads. */
class ConfigurationReferenceTest {

    private static final Path PAGE = Path.of("docs/configuration.md");

    @Test
    void the_page_is_what_the_code_declares() throws IOException {
        String generated = ConfigurationReference.markdown();
        if (Boolean.getBoolean("handoff.docs.update")) {
            Files.writeString(PAGE, generated);
        }
        assertThat(Files.readString(PAGE))
                .as("docs/configuration.md is stale: regenerate with "
                        + "./mvnw test -Dtest=ConfigurationReferenceTest -Dhandoff.docs.update=true")
                .isEqualTo(generated);
    }

    @Test
    void every_mapping_of_the_code_is_in_the_page() throws IOException {
        long annotations;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            annotations = files.filter(f -> f.toString().endsWith(".java"))
                    .mapToLong(f -> {
                        try {
                            return Pattern.compile("@ConfigMapping\\(")
                                    .matcher(Files.readString(f))
                                    .results()
                                    .count();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .sum();
        }
        assertThat(ConfigurationReference.sections()).hasSize((int) annotations);
    }

    @Test
    void every_key_says_what_it_does() {
        assertThat(ConfigurationReference.keys())
                .allSatisfy(key -> assertThat(key.meaning())
                        .as(key.name() + " has no Javadoc")
                        .isNotBlank());
    }

    /**
     * Keys read through expressions ({@code @Scheduled(every = "${handoff.x:1m}")}) bypass the mappings:
     * each must still be declared by one, with the same default.
     */
    @Test
    void keys_read_by_expressions_are_declared_with_the_same_default() throws IOException {
        Map<String, String> declared = ConfigurationReference.keys().stream()
                .collect(Collectors.toMap(
                        ConfigurationReference.Key::name, ConfigurationReference.Key::defaultValue, (a, b) -> a));
        Pattern expression = Pattern.compile(
                "\\$\\{(handoff\\.[a-z0-9.-]+):([^}]*)}|@ConfigProperty\\(name = \"(handoff\\.[a-z0-9.-]+)\", defaultValue = \"([^\"]*)\"");
        int found = 0;
        try (Stream<Path> files = Files.walk(Path.of("src/main"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher m = expression.matcher(Files.readString(file));
                while (m.find()) {
                    found++;
                    String key = m.group(1) != null ? m.group(1) : m.group(3);
                    String value = m.group(1) != null ? m.group(2) : m.group(4);
                    assertThat(declared)
                            .as(key + " (read in " + file + ") is declared by a @ConfigMapping with default " + value)
                            .containsEntry(key, value);
                }
            }
        }
        assertThat(found).as("expressions found in the sources").isGreaterThan(5);
    }
}
