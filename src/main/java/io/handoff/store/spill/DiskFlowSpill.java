package io.handoff.store.spill;

import io.handoff.correlate.Flow;
import io.handoff.engine.FlowSpill;
import io.handoff.engine.FlowState;
import io.handoff.event.EventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Flows kept in a RocksDB database of this process's own, under a fresh directory in {@code base}: {@code f<NUL>key}
 * holds a flow's state, {@code l<NUL>target<NUL>linker} says that a kept flow links to a target, {@code a<NUL>id}
 * names the subject flow kept that carries a correlation id. Opened at the first
 * flow kept (an engine within its bound never touches the disk); deleted on close, as a restart rebuilds the engine
 * from the store's events. No write-ahead log: nothing here has to outlive the process.
 */
public final class DiskFlowSpill implements FlowSpill, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DiskFlowSpill.class);
    private static final byte SEP = 0;

    private final Path base;
    private final AtomicLong kept = new AtomicLong();
    private final AtomicLong spilled = new AtomicLong();
    private final AtomicLong broughtBack = new AtomicLong();
    private Path dir;
    private Options options;
    private WriteOptions writes;
    private RocksDB db;
    private boolean failed;
    private boolean closed;

    public DiskFlowSpill(Path base) {
        this.base = base;
    }

    @Override
    public synchronized boolean keep(FlowState state, Set<String> linksTo) {
        if (!open()) {
            return false;
        }
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(flowKey(state.key()), FlowStateJson.write(state));
            for (String target : linksTo) {
                batch.put(linkKey(target, state.key()), new byte[0]);
            }
            for (String id : aliases(state)) {
                batch.put(aliasKey(id), state.key().getBytes(StandardCharsets.UTF_8));
            }
            db.write(writes, batch);
        } catch (RocksDBException | RuntimeException e) {
            LOG.errorf("flow %s could not be kept on disk in %s (%s): it is dropped", state.key(), dir, e);
            return false;
        }
        kept.incrementAndGet();
        spilled.incrementAndGet();
        return true;
    }

    @Override
    public synchronized Optional<FlowState> take(String key) {
        if (db == null || kept.get() == 0) {
            return Optional.empty();
        }
        try {
            byte[] bytes = db.get(flowKey(key));
            if (bytes == null) {
                return Optional.empty();
            }
            FlowState state = FlowStateJson.read(bytes);
            try (WriteBatch batch = new WriteBatch()) {
                batch.delete(flowKey(key));
                Flow.of(state.key(), state.anchor(), state.entries())
                        .forEachLinkTarget(target -> deleteLink(batch, target.key(), key));
                for (String id : aliases(state)) {
                    batch.delete(aliasKey(id));
                }
                db.write(writes, batch);
            }
            kept.decrementAndGet();
            broughtBack.incrementAndGet();
            return Optional.of(state);
        } catch (RocksDBException | RuntimeException e) {
            LOG.errorf("flow %s could not be read back from disk in %s (%s): it starts anew", key, dir, e);
            return Optional.empty();
        }
    }

    @Override
    public synchronized Optional<FlowState> peek(String key) {
        if (db == null || kept.get() == 0) {
            return Optional.empty();
        }
        try {
            byte[] bytes = db.get(flowKey(key));
            return bytes == null ? Optional.empty() : Optional.of(FlowStateJson.read(bytes));
        } catch (RocksDBException | RuntimeException e) {
            LOG.errorf("flow %s could not be read from disk in %s (%s)", key, dir, e);
            return Optional.empty();
        }
    }

    @Override
    public synchronized Optional<String> keyOf(String correlationId) {
        if (db == null || kept.get() == 0) {
            return Optional.empty();
        }
        try {
            byte[] key = db.get(aliasKey(correlationId));
            return key == null ? Optional.empty() : Optional.of(new String(key, StandardCharsets.UTF_8));
        } catch (RocksDBException e) {
            LOG.errorf("correlation id %s could not be read from disk in %s (%s)", correlationId, dir, e);
            return Optional.empty();
        }
    }

    /** The correlation ids a subject flow answers to (as the engine's index keeps them). */
    private static List<String> aliases(FlowState state) {
        return state.anchor() == EventType.Anchor.SUBJECT
                ? Flow.of(state.key(), state.anchor(), state.entries()).correlationIds()
                : List.of();
    }

    @Override
    public synchronized Set<String> linkersOf(String key) {
        Set<String> linkers = new LinkedHashSet<>();
        if (db == null || kept.get() == 0) {
            return linkers;
        }
        byte[] prefix = linkKey(key, "");
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                byte[] k = it.key();
                linkers.add(new String(k, prefix.length, k.length - prefix.length, StandardCharsets.UTF_8));
            }
        }
        return linkers;
    }

    @Override
    public synchronized List<String> keys(Predicate<String> which) {
        List<String> keys = new ArrayList<>();
        if (db == null || kept.get() == 0) {
            return keys;
        }
        byte[] prefix = flowKey("");
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                byte[] k = it.key();
                String key = new String(k, prefix.length, k.length - prefix.length, StandardCharsets.UTF_8);
                if (which.test(key)) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    @Override
    public long size() {
        return kept.get();
    }

    /** Flows put on disk so far. */
    public long spilled() {
        return spilled.get();
    }

    /** Flows taken back from disk so far. */
    public long broughtBack() {
        return broughtBack.get();
    }

    private boolean open() {
        if (db != null) {
            return true;
        }
        if (failed || closed) {
            return false;
        }
        try {
            Files.createDirectories(base);
            dir = Files.createTempDirectory(base, "flows-");
            RocksDB.loadLibrary();
            options = new Options().setCreateIfMissing(true);
            writes = new WriteOptions().setDisableWAL(true);
            db = RocksDB.open(options, dir.toString());
            LOG.infof(
                    "handoff.engine.max-flows reached: flows beyond it are kept on disk in %s and brought back when"
                            + " needed",
                    dir);
            return true;
        } catch (IOException | RocksDBException | RuntimeException | UnsatisfiedLinkError e) {
            failed = true;
            LOG.errorf(
                    "flows beyond handoff.engine.max-flows cannot be kept on disk under %s (%s): they are dropped"
                            + " instead; set handoff.engine.spill-dir to a writable directory",
                    base, e);
            return false;
        }
    }

    private void deleteLink(WriteBatch batch, String target, String linker) {
        try {
            batch.delete(linkKey(target, linker));
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] flowKey(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[k.length + 2];
        out[0] = 'f';
        out[1] = SEP;
        System.arraycopy(k, 0, out, 2, k.length);
        return out;
    }

    private static byte[] aliasKey(String correlationId) {
        byte[] k = correlationId.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[k.length + 2];
        out[0] = 'a';
        out[1] = SEP;
        System.arraycopy(k, 0, out, 2, k.length);
        return out;
    }

    private static byte[] linkKey(String target, String linker) {
        byte[] t = target.getBytes(StandardCharsets.UTF_8);
        byte[] l = linker.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[t.length + l.length + 3];
        out[0] = 'l';
        out[1] = SEP;
        System.arraycopy(t, 0, out, 2, t.length);
        out[2 + t.length] = SEP;
        System.arraycopy(l, 0, out, 3 + t.length, l.length);
        return out;
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        if (key.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (db == null) {
            return;
        }
        db.close();
        writes.close();
        options.close();
        db = null;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("could not delete %s on shutdown (%s); nothing reads it again, it may be removed", dir, e);
        }
    }
}
