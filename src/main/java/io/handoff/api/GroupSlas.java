package io.handoff.api;

import com.fasterxml.jackson.core.type.TypeReference;
import io.handoff.forecast.BreachForecaster;
import io.handoff.sla.ChainTally;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * SLA figures for the whole Kafka group, for the API and the console alike: this instance's part (the flows it owns)
 * and every other instance's, asked with the credentials given and added up. Without Kafka, or for a request another
 * instance asked, this instance's part alone.
 */
@ApplicationScoped
public class GroupSlas {
    private static final Logger LOG = Logger.getLogger(GroupSlas.class);
    private final EngineQueries engine;
    private final BreachForecaster forecaster;
    private final GroupRequests group;

    public GroupSlas(EngineQueries engine, BreachForecaster forecaster, GroupRequests group) {
        this.engine = engine;
        this.forecaster = forecaster;
        this.group = group;
    }

    /** A group-wide figure, and the instances whose part is missing from it (they did not answer in time). */
    public record Together<T>(T value, List<URI> unanswered) {}

    /** Every SLA's status, open clocks and outcomes added up over the group. */
    public Together<List<SlasResource.SlaStatus>> statuses(String authorization, String apiKey, String forwarded) {
        List<SlasResource.SlaStatus> here = engine.answer(engine.reads().tallies()).stream()
                .map(SlasResource::status)
                .toList();
        GroupRequests.Answers<List<SlasResource.SlaStatus>> others =
                group.others("/api/v1/slas", null, new TypeReference<>() {}, authorization, apiKey, forwarded);
        return new Together<>(SlasResource.together(here, others.answers()), others.unanswered());
    }

    /** The group's {@code limit} open clocks most likely to breach, of one SLA or (null) of all. */
    public Together<List<BreachForecaster.Likely>> likely(
            String sla, int limit, String authorization, String apiKey, String forwarded) {
        List<BreachForecaster.Likely> here = forecaster.likely().stream()
                .filter(l -> sla == null || sla.equals(l.sla()))
                .limit(limit)
                .toList();
        String query = "size=" + limit + (sla == null ? "" : "&sla=" + URLEncoder.encode(sla, StandardCharsets.UTF_8));
        GroupRequests.Answers<SlasResource.LikelyToBreach> others = group.others(
                "/api/v1/slas/likely-to-breach", query, new TypeReference<>() {}, authorization, apiKey, forwarded);
        List<List<BreachForecaster.Likely>> elsewhere = others.answers().stream()
                .map(SlasResource.LikelyToBreach::flows)
                .toList();
        return new Together<>(SlasResource.mostLikely(here, elsewhere, limit), others.unanswered());
    }

    /** Every chain's tally added up over the group; a chain declared differently elsewhere is left out, logged. */
    public Together<List<ChainTally>> chains(Instant now, String authorization, String apiKey, String forwarded) {
        List<ChainTally> here = engine.answer(engine.reads().chains(now));
        GroupRequests.Answers<SlasResource.ChainParts> others = group.others(
                "/api/v1/slas/chains/parts", null, new TypeReference<>() {}, authorization, apiKey, forwarded);
        List<ChainTally> all = ChainTally.together(
                here,
                others.answers().stream().map(SlasResource.ChainParts::chains).toList(),
                t -> LOG.warnf(
                        "chain %s is declared differently on another instance of the group (stages %s); its part"
                                + " there is left out of the answer",
                        t.chain(), t.stages()));
        return new Together<>(all, others.unanswered());
    }

    /** Whether other instances hold part of the figures (Kafka, with others running tasks). */
    public boolean grouped() {
        return group.grouped();
    }
}
