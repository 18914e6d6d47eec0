package io.handoff.store.spill;

import io.handoff.correlate.Flow;
import io.handoff.engine.FlowSpill;
import io.handoff.engine.FlowState;
import io.handoff.engine.SpilledClock;
import io.handoff.event.EventType;
import io.handoff.sla.ClockMark;
import io.handoff.sla.ClockState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
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
 * names the subject flow kept that carries a correlation id, {@code o<NUL>key} sums up a kept flow's open clocks (for
 * readers on other threads, without decoding whole flows). Opened at the first
 * flow kept (an engine within its bound never touches the disk); deleted on close, as a restart rebuilds the engine
 * from the store's events. No write-ahead log: nothing here has to outlive the process.
 */
public final class DiskFlowSpill implements FlowSpill, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DiskFlowSpill.class);
    private static final byte SEP = 0;
    private static final byte FLOW = 'f';
    private static final byte ALIAS = 'a';
    private static final byte OPEN = 'o';
    /** Summaries read per hold of the lock by {@link #openClocks}: the engine waits at most one slice. */
    private static final int SLICE = 2_000;

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
    public synchronized boolean keep(FlowState state) {
        if (!open()) {
            return false;
        }
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(key(FLOW, state.key()), FlowStateJson.write(state));
            Flow flow = state.flow();
            for (byte[] entry : findable(state.key(), flow)) {
                batch.put(entry, state.key().getBytes(StandardCharsets.UTF_8));
            }
            byte[] open = openSummary(flow, state.clocks());
            if (open != null) {
                batch.put(key(OPEN, state.key()), open);
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
        try {
            Optional<FlowState> state = read(key);
            if (state.isPresent()) {
                try (WriteBatch batch = new WriteBatch()) {
                    batch.delete(key(FLOW, key));
                    batch.delete(key(OPEN, key));
                    for (byte[] entry : findable(key, state.get().flow())) {
                        batch.delete(entry);
                    }
                    db.write(writes, batch);
                }
                kept.decrementAndGet();
                broughtBack.incrementAndGet();
            }
            return state;
        } catch (RocksDBException | RuntimeException e) {
            LOG.errorf("flow %s could not be read back from disk in %s (%s): it starts anew", key, dir, e);
            return Optional.empty();
        }
    }

    @Override
    public synchronized Optional<FlowState> peek(String key) {
        try {
            return read(key);
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
            byte[] key = db.get(key(ALIAS, correlationId));
            return key == null ? Optional.empty() : Optional.of(new String(key, StandardCharsets.UTF_8));
        } catch (RocksDBException e) {
            LOG.errorf("correlation id %s could not be read from disk in %s (%s)", correlationId, dir, e);
            return Optional.empty();
        }
    }

    @Override
    public synchronized Set<String> linkersOf(String key) {
        Set<String> linkers = new LinkedHashSet<>();
        scan(linkKey(key, ""), (linker, at) -> linkers.add(linker));
        return linkers;
    }

    @Override
    public synchronized List<String> keys(Predicate<String> which) {
        List<String> keys = new ArrayList<>();
        scan(key(FLOW, ""), (key, at) -> {
            if (which.test(key)) {
                keys.add(key);
            }
        });
        return keys;
    }

    private Optional<FlowState> read(String key) throws RocksDBException {
        if (db == null || kept.get() == 0) {
            return Optional.empty();
        }
        byte[] bytes = db.get(key(FLOW, key));
        return bytes == null ? Optional.empty() : Optional.of(FlowStateJson.read(bytes));
    }

    /**
     * The entries that find a kept flow other than by its key: one per flow it links to, one per correlation id it
     * answers to (a subject flow's, as the engine's index keeps them).
     */
    private static List<byte[]> findable(String key, Flow flow) {
        List<byte[]> entries = new ArrayList<>(2);
        flow.forEachLinkTarget(target -> entries.add(linkKey(target.key(), key)));
        if (flow.anchor() == EventType.Anchor.SUBJECT) {
            flow.correlationIds().forEach(id -> entries.add(key(ALIAS, id)));
        }
        return entries;
    }

    @Override
    public void openClocks(Consumer<SpilledClock> each) {
        byte[] from = key(OPEN, "");
        while (from != null) {
            List<SpilledClock> slice = new ArrayList<>(SLICE);
            from = openSlice(from, slice);
            slice.forEach(each);
        }
    }

    /** Reads up to a slice of summaries from {@code from} on; the first key not read yet, or null at the end. */
    private synchronized byte[] openSlice(byte[] from, List<SpilledClock> slice) {
        try {
            return scan(key(OPEN, ""), from, SLICE, (flowKey, at) -> readSummary(flowKey, at.value(), slice));
        } catch (RuntimeException e) {
            LOG.errorf("open clocks of flows on disk in %s could not be read (%s)", dir, e);
            return null;
        }
    }

    /** The flow's names and its open clocks that have not breached; null when it has none. */
    private static byte[] openSummary(Flow flow, List<ClockMark> clocks) {
        List<ClockMark> open = clocks.stream()
                .filter(m -> m.openState() != null && m.start() != null)
                .filter(m -> m.openState() != ClockState.BREACHED && m.openState() != ClockState.EXCLUDED)
                .toList();
        if (open.isEmpty()) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(nonNull(flow.client()));
            out.writeUTF(nonNull(flow.project()));
            out.writeUTF(nonNull(flow.group()));
            out.writeByte(open.size());
            for (ClockMark mark : open) {
                out.writeUTF(mark.sla());
                out.writeLong(mark.start().toEpochMilli());
                out.writeLong(mark.due() == null ? Long.MIN_VALUE : mark.due().toEpochMilli());
                out.writeByte(mark.openState().ordinal());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void readSummary(String flowKey, byte[] summary, List<SpilledClock> into) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(summary));
        try {
            String client = orNull(in.readUTF());
            String project = orNull(in.readUTF());
            String group = orNull(in.readUTF());
            int clocks = in.readUnsignedByte();
            for (int i = 0; i < clocks; i++) {
                String sla = in.readUTF();
                Instant start = Instant.ofEpochMilli(in.readLong());
                long due = in.readLong();
                ClockState state = ClockState.values()[in.readUnsignedByte()];
                into.add(new SpilledClock(
                        flowKey,
                        client,
                        project,
                        group,
                        sla,
                        start,
                        due == Long.MIN_VALUE ? null : Instant.ofEpochMilli(due),
                        state));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }

    private static String orNull(String text) {
        return text.isEmpty() ? null : text;
    }

    /** Hands {@code found} what follows {@code prefix} in every key starting with it. */
    private void scan(byte[] prefix, BiConsumer<String, RocksIterator> found) {
        scan(prefix, prefix, Integer.MAX_VALUE, found);
    }

    /**
     * Hands {@code found} what follows {@code prefix} in each key starting with it, from {@code from} on, and the
     * iterator standing at it (its value read only by those who need it); at most {@code limit} keys. Returns the
     * first key not handed over, null when none is left.
     */
    private byte[] scan(byte[] prefix, byte[] from, int limit, BiConsumer<String, RocksIterator> found) {
        if (db == null || kept.get() == 0) {
            return null;
        }
        try (RocksIterator it = db.newIterator()) {
            int handed = 0;
            for (it.seek(from); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                byte[] k = it.key();
                if (handed++ == limit) {
                    return k;
                }
                found.accept(new String(k, prefix.length, k.length - prefix.length, StandardCharsets.UTF_8), it);
            }
            return null;
        }
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

    /** {@code kind<NUL>text}: a flow by its key, or a correlation id. */
    private static byte[] key(byte kind, String text) {
        byte[] k = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[k.length + 2];
        out[0] = kind;
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
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
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
