package io.handoff.ingest.poll;

import java.util.Optional;

/** Where each (source, model) has read up to; survives restarts. Called from one polling thread. */
public interface Watermarks {
    Optional<Watermark> get(String source, String model);

    /** Keeps {@code mark} durably before returning. */
    void put(String source, String model, Watermark mark);
}
