package io.handoff.ingest.poll;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoff.event.BusinessEvent;
import io.handoff.ingest.Candidate;
import io.handoff.ingest.Intake;
import io.handoff.ingest.odoo.OdooSnapshotMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Polled records become snapshots as the webhook sends them ({@code _model}, {@code _id}, the
 * fields) and go through the same mapper and intake, so the same record yields the same events.
 */
public final class IntakeSink implements SnapshotSink {
    private static final Logger LOG = Logger.getLogger(IntakeSink.class);

    private final OdooSnapshotMapper mapper;
    private final Intake intake;

    public IntakeSink(OdooSnapshotMapper mapper, Intake intake) {
        this.mapper = mapper;
        this.intake = intake;
    }

    @Override
    public void accept(String source, String model, List<ObjectNode> rows, Instant now) {
        List<Candidate> candidates = new ArrayList<>(rows.size());
        int rejected = 0;
        for (ObjectNode row : rows) {
            ObjectNode snapshot = row.deepCopy();
            snapshot.put("_model", model);
            snapshot.put("_id", row.get("id").asLong());
            OdooSnapshotMapper.Mapped mapped = mapper.map(snapshot, source, now);
            if (mapped.rejected()) {
                if (rejected++ == 0) {
                    LOG.warnf(
                            "Odoo poll %s/%s: record %s refused: %s",
                            source, model, row.get("id"), mapped.rejection().detail());
                }
                candidates.add(Candidate.rejected(mapped.rejection(), model + "/" + row.get("id"), "odoo/" + source));
                continue;
            }
            for (BusinessEvent event : mapped.events()) {
                candidates.add(Candidate.of(event));
            }
        }
        if (!candidates.isEmpty()) {
            intake.submit(source, candidates); // throws when not accepted: the poller reads the page again
        }
    }
}
