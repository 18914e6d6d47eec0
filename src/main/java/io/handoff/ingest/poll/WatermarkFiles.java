package io.handoff.ingest.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Watermarks in one small JSON file per source under a directory, replaced atomically on every
 * change, so a crash leaves the previous or the new file, never half of one.
 */
public final class WatermarkFiles implements Watermarks {
    private final Path directory;
    private final ObjectMapper json;
    private final Map<String, ObjectNode> bySource = new HashMap<>();

    public WatermarkFiles(Path directory, ObjectMapper json) {
        this.directory = directory;
        this.json = json;
    }

    @Override
    public synchronized Optional<Watermark> get(String source, String model) {
        JsonNode mark = file(source).get(model);
        if (mark == null || !mark.path("write_date").isTextual()) {
            return Optional.empty();
        }
        return Optional.of(
                new Watermark(mark.get("write_date").asText(), mark.path("id").asLong()));
    }

    @Override
    public synchronized void put(String source, String model, Watermark mark) {
        ObjectNode marks = file(source);
        marks.putObject(model).put("write_date", mark.writeDate()).put("id", mark.id());
        Path target = path(source);
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, source, ".tmp");
            Files.write(temporary, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(marks));
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the Odoo poll watermark in " + target, e);
        }
    }

    private ObjectNode file(String source) {
        return bySource.computeIfAbsent(source, s -> {
            Path path = path(s);
            if (!Files.exists(path)) {
                return json.createObjectNode();
            }
            try {
                JsonNode read = json.readTree(path.toFile());
                if (read instanceof ObjectNode marks) {
                    return marks;
                }
                throw new IllegalStateException(
                        path + " is not a JSON object: delete it to poll again from handoff.odoo.poll.sources." + s
                                + ".initial-lookback");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the Odoo poll watermarks in " + path, e);
            }
        });
    }

    private Path path(String source) {
        return directory.resolve(source + ".json");
    }
}
