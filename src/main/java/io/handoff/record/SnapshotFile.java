package io.handoff.record;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What a component has learned, kept in one JSON file and replaced atomically (a crash leaves the previous or the
 * new file, never half of one). A file that cannot be read is reported and set aside: learning starts again, the
 * service does not fail for it.
 */
public final class SnapshotFile<T> {
    private static final Logger LOG = Logger.getLogger(SnapshotFile.class);

    private final Path file;
    private final ObjectMapper json;
    private final JavaType type;

    public SnapshotFile(Path file, ObjectMapper json, JavaType type) {
        this.file = file;
        this.json = json;
        this.type = type;
    }

    public Path file() {
        return file;
    }

    /** The snapshot kept, if any and readable. */
    public Optional<T> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(json.readValue(file.toFile(), type));
        } catch (IOException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
            LOG.warnf(
                    "%s cannot be read (%s): learning starts again; the file is kept as %s",
                    file, e.getMessage(), aside);
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moved) {
                LOG.warnf("cannot set %s aside: %s", file, moved.getMessage());
            }
            return Optional.empty();
        }
    }

    public synchronized void write(T snapshot) {
        Path temporary = null;
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(json.writeValueAsBytes(snapshot)));
                channel.force(true); // on disk before it replaces the file: a power loss leaves the old or the new one
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            temporary = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep " + file, e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // a leftover .tmp is never read; the next write tries again
                }
            }
        }
    }
}
