package io.handoff.dashboards;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Handoff's Grafana dashboards, by file name. Written to {@code dashboards/} by {@link DashboardsTest}
 * (regenerate with {@code ./mvnw test -Dtest=DashboardsTest -Dhandoff.dashboards.update=true}); the
 * Prometheus end-to-end test evaluates every query in them against a real Prometheus.
 */
final class HandoffDashboards {
    private static final String SLA = "sla=~\"$sla\"";
    private static final String SLA_GROUP = "sla=~\"$sla\",group=~\"$group\"";
    private static final String SOURCE = "source=~\"$source\"";

    private HandoffDashboards() {}

    static Map<String, ObjectNode> all() {
        Map<String, ObjectNode> all = new LinkedHashMap<>();
        all.put("handoff-sla-overview.json", slaOverview());
        all.put("handoff-revenue-leakage.json", revenueLeakage());
        all.put("handoff-integration-health.json", integrationHealth());
        all.put("handoff-anomalies.json", anomalies());
        return all;
    }

    static ObjectNode slaOverview() {
        DashboardBuilder d = new DashboardBuilder(
                        "handoff-sla-overview",
                        "Handoff · Business SLA overview",
                        "Per SLA: attainment against the objective, error budget, burn rates, latency and the flows on track, at risk and breached.",
                        "sla")
                .labelVariable("sla", "SLA", "handoff_sla_objective", "SLAs declared in Handoff's configuration")
                .labelVariable("group", "Group", "handoff_flows_open", "Owner grouping (practice) of the flows");
        // Clocks excluded by maintenance count neither as met nor as breached.
        String decided = "sum by (sla) (increase(handoff_sla_outcomes_total{" + SLA_GROUP
                + ",outcome!=\"excluded\"}[$__range]))";
        String breached =
                "sum by (sla) (increase(handoff_sla_outcomes_total{" + SLA_GROUP + ",outcome=\"breached\"}[$__range]))";
        d.row("Attainment and error budget");
        d.stat(
                        "Attainment over the range",
                        "Share of SLA clocks decided in the selected time range that were met (met / (met + breached)).",
                        "percentunit",
                        6)
                .query("1 - " + breached + " / " + decided, "{{sla}}")
                .goodFrom(0.9, 0.95)
                .link("Breached flows of ${sla}", "${handoff}/console/search?sla=${sla}&state=breached");
        d.stat(
                        "Objective",
                        "The SLA's objective from Handoff's configuration (handoff.sla.definitions.<id>.objective).",
                        "percentunit",
                        6)
                .query("max by (sla) (handoff_sla_objective{" + SLA + "})", "{{sla}}");
        d.stat(
                        "Error budget left",
                        "1 − (breach ratio over the range ÷ allowed breach ratio 1 − objective). Below 0 the budget is spent.",
                        "percentunit",
                        6)
                .query(
                        "1 - (" + breached + " / " + decided + ") / on (sla) (1 - max by (sla) (handoff_sla_objective{"
                                + SLA + "}))",
                        "{{sla}}")
                .runbook("HandoffSlaErrorBudgetBurnSlow");
        d.stat(
                        "Open clocks breached",
                        "SLA clocks still open and already past their due time: flows someone should chase now.",
                        "none",
                        6)
                .query("sum by (sla) (handoff_flows_open{" + SLA_GROUP + ",state=\"breached\"})", "{{sla}}")
                .link("Breached flows", "${handoff}/console/search?sla=${sla}&state=breached&open=true");
        d.row("Compliance windows");
        d.stat(
                        "Attainment per window",
                        "Met / decided clocks in each compliance window the SLA declares (rolling, e.g. 28d, or the current calendar week, month or quarter in the SLA's zone), exact from the clocks decided in it: met at their stop, breached when they fell due.",
                        "percentunit",
                        8)
                .query("max by (sla, window) (handoff_sla_window_attainment{" + SLA + "})", "{{sla}} {{window}}")
                .link("Budget of this SLA", "${handoff}/console/slas#sla-${sla}");
        d.stat(
                        "Error budget left per window",
                        "Share of each window's error budget left: 1 untouched, 0 spent, below 0 overspent. A calendar window's budget starts again with the period.",
                        "percentunit",
                        8)
                .query(
                        "max by (sla, window) (handoff_sla_window_error_budget_remaining{" + SLA + "})",
                        "{{sla}} {{window}}")
                .runbook("HandoffSlaWindowBudgetSpent");
        d.stat(
                        "Clocks decided per window",
                        "Clocks decided (met or breached) in each current compliance window: how much the attainment rests on.",
                        "none",
                        8)
                .query("max by (sla, window) (handoff_sla_window_decided{" + SLA + "})", "{{sla}} {{window}}");
        d.row("Burn rates");
        d.timeseries(
                        "Burn rate, fast windows",
                        "Error-budget burn rate (breach ratio ÷ allowed breach ratio) over 1 h and 5 m. The page fires when both exceed 14.4.",
                        "none",
                        12)
                .query(
                        "handoff:sla_error_ratio:rate1h{" + SLA + "} / on (sla) handoff:sla_error_budget:ratio{" + SLA
                                + "}",
                        "{{sla}} 1h")
                .query(
                        "handoff:sla_error_ratio:rate5m{" + SLA + "} / on (sla) handoff:sla_error_budget:ratio{" + SLA
                                + "}",
                        "{{sla}} 5m")
                .runbook("HandoffSlaErrorBudgetBurnFast");
        d.timeseries(
                        "Burn rate, slow windows",
                        "Error-budget burn rate over 6 h and 1 d. The ticket fires at 3× over 1 d and 2 h, or 1× over 3 d and 6 h.",
                        "none",
                        12)
                .query(
                        "handoff:sla_error_ratio:rate6h{" + SLA + "} / on (sla) handoff:sla_error_budget:ratio{" + SLA
                                + "}",
                        "{{sla}} 6h")
                .query(
                        "handoff:sla_error_ratio:rate1d{" + SLA + "} / on (sla) handoff:sla_error_budget:ratio{" + SLA
                                + "}",
                        "{{sla}} 1d")
                .runbook("HandoffSlaErrorBudgetBurnSlow");
        d.row("Latency and flows");
        d.timeseries(
                        "Latency quantiles",
                        "Start to stop of the SLA clock, in the SLA's working time, p50 / p90 / p99 (from histogram buckets at 0.1 to 10 × target), of the stops in force: observations whose stop was voided later (an invoice cancelled) are subtracted.",
                        "s",
                        12)
                .query(latencyQuantile("0.5"), "{{sla}} p50")
                .query(latencyQuantile("0.9"), "{{sla}} p90")
                .query(latencyQuantile("0.99"), "{{sla}} p99")
                .query("max by (sla) (handoff_sla_target_seconds{" + SLA + "})", "{{sla}} target");
        d.timeseries(
                        "Open clocks: on track, at risk, breached",
                        "Open SLA clocks by state. At risk: past the at-risk share of the target, not yet due.",
                        "none",
                        12)
                .query("sum by (state) (handoff_flows_open{" + SLA_GROUP + "})", "{{state}}")
                .stacked()
                .link("At-risk flows", "${handoff}/console/search?sla=${sla}&state=at_risk&open=true");
        d.timeseries(
                        "Likely to breach",
                        "Open clocks not yet breached whose predicted breach probability (learned from this SLA's completion times "
                                + "and the clock's working time so far) is at or above handoff.forecast.threshold: act before they breach.",
                        "none",
                        12)
                .query("sum by (sla) (handoff_flows_likely_to_breach{" + SLA + "})", "{{sla}}")
                .link("Flows likely to breach", "${handoff}/console/slas#sla-${sla}");
        d.timeseries(
                        "Clocks decided",
                        "SLA clocks decided per second: met, breached, or excluded by a maintenance window (each clock once).",
                        "ops",
                        12)
                .query(
                        "sum by (sla, outcome) (rate(handoff_sla_outcomes_total{" + SLA_GROUP + "}[$__rate_interval]))",
                        "{{sla}} {{outcome}}");
        d.bars(
                        "Breached by group",
                        "Breached clocks in the range by owner group (practice): whose hand-offs fail.",
                        "none",
                        12)
                .query(
                        "sum by (group) (increase(handoff_sla_outcomes_total{" + SLA_GROUP
                                + ",outcome=\"breached\"}[$__range]))",
                        "{{group}}");
        d.row("Maintenance");
        d.timeseries(
                        "In maintenance",
                        "1 while a maintenance window covering the SLA is active: its clocks pause (or their outcomes are"
                                + " excluded, as the SLA chooses) and its burn-rate alerts are silent. Windows are declared in"
                                + " handoff.maintenance.windows or with POST /api/v1/maintenance.",
                        "none",
                        12)
                .query("max by (sla) (handoff_sla_maintenance{" + SLA + "})", "{{sla}}")
                .link("Maintenance windows", "${handoff}/console/slas");
        d.stat(
                        "Clocks excluded by maintenance",
                        "Clocks decided in the range while a maintenance window covered them, on SLAs that exclude such"
                                + " clocks: they count in no attainment, budget or burn rate.",
                        "none",
                        12)
                .query(
                        "sum by (sla) (increase(handoff_sla_outcomes_total{" + SLA_GROUP
                                + ",outcome=\"excluded\"}[$__range]))",
                        "{{sla}}");
        d.row("Chains");
        d.bars(
                        "Where the time goes",
                        "Per chain of SLAs (handoff.sla.chains, e.g. project-to-cash: approved → invoiced → paid), the"
                                + " share of the completed chains' end-to-end time each stage took: which step eats the time.",
                        "percentunit",
                        12)
                .query("max by (chain, stage) (handoff_chain_stage_share)", "{{chain}} {{stage}}")
                .link("Chains", "${handoff}/api/v1/slas/chains");
        d.stat(
                        "End to end, mean",
                        "Mean wall-clock time of the completed chains, from the first stage's start to the last stage's"
                                + " stop, over the flows Handoff holds.",
                        "s",
                        12)
                .query("max by (chain) (handoff_chain_duration_mean_seconds{stage=\"end_to_end\"})", "{{chain}}");
        d.row("Budget used by (Elasticsearch)");
        for (String[] by : new String[][] {{"client", "Client"}, {"project", "Project"}, {"flow_key", "Flow"}}) {
            d.topValues(
                            "Budget used by " + by[1].toLowerCase(java.util.Locale.ROOT),
                            "The " + by[0].replace('_', ' ')
                                    + "s with the most breached clocks of ${sla} decided in the range,"
                                    + " from the decisions index (one document per clock, its decision in force: a"
                                    + " breach later met by a re-invoice is not counted), with the hours and amounts at"
                                    + " stake. The console's SLA page gives the same per compliance window.",
                            DashboardBuilder.ES_DECISIONS,
                            "sla:${sla:lucene} AND outcome:breached",
                            "decided_at",
                            by[0],
                            10,
                            8,
                            "hours",
                            "amount")
                    .link("Budget of this SLA", "${handoff}/console/slas#sla-${sla}");
        }
        return d.build();
    }

    static ObjectNode revenueLeakage() {
        DashboardBuilder d = new DashboardBuilder(
                        "handoff-revenue-leakage",
                        "Handoff · Revenue leakage & reconciliation",
                        "Open reconciliation exceptions, the hours and amount at stake, who owns them, and the oldest items to chase.",
                        "exceptions")
                .labelVariable(
                        "group", "Group", "handoff_exceptions_open", "Owner grouping (practice) of the exceptions");
        String group = "group=~\"$group\"";
        d.row("At stake now");
        d.stat(
                        "Open exceptions",
                        "Reconciliation exceptions open now (approved time not invoiced in time, and the other detectors).",
                        "none",
                        8)
                .query("sum(handoff_exceptions_open{" + group + "})", "open");
        d.stat("Hours at stake", "Hours on the open exceptions: approved or delivered time not yet billed.", "h", 8)
                .query("sum(handoff_exceptions_hours_at_stake{" + group + "})", "hours");
        d.stat(
                        "Amount at stake",
                        "Amount on the open exceptions where a rate or invoice amount is known, in the firm's currency.",
                        "none",
                        8)
                .query("sum(handoff_exceptions_amount_at_stake{" + group + "})", "amount");
        d.row("Trend and owners");
        d.timeseries("Open exceptions by type", "Open exceptions over time, by type and severity.", "none", 12)
                .query("sum by (type, severity) (handoff_exceptions_open{" + group + "})", "{{type}} {{severity}}")
                .stacked();
        d.bars(
                        "Amount at stake by owner",
                        "Amount on open exceptions by owner group: where to send the delivery lead.",
                        "none",
                        12)
                .query("sum by (group) (handoff_exceptions_amount_at_stake{" + group + "})", "{{group}}");
        d.timeseries(
                        "Opened and resolved",
                        "Exceptions opened and resolved per hour: is the backlog growing?",
                        "none",
                        12)
                .query("sum by (type) (increase(handoff_exceptions_opened_total[1h]))", "opened {{type}}")
                .query("sum by (type) (increase(handoff_exceptions_resolved_total[1h]))", "resolved {{type}}");
        d.bars("Hours at stake by owner", "Hours on open exceptions by owner group.", "h", 12)
                .query("sum by (group) (handoff_exceptions_hours_at_stake{" + group + "})", "{{group}}");
        d.row("Items to chase (Elasticsearch)");
        d.documents(
                        "Open exceptions, oldest first",
                        "The open exceptions from the exceptions index with client, project, hours and amount. "
                                + "Acknowledge or resolve them through the API (see the runbooks).",
                        DashboardBuilder.ES_EXCEPTIONS,
                        "status:open",
                        "opened_at",
                        24,
                        "opened_at",
                        "type",
                        "severity",
                        "client",
                        "project",
                        "group",
                        "hours",
                        "amount",
                        "flow_key",
                        "summary")
                .link("Exception inbox", "${handoff}/console");
        d.documents(
                        "Open flows with a breached SLA",
                        "Flows still open whose SLA clock is already breached, from the flows index.",
                        DashboardBuilder.ES_FLOWS,
                        "open:true AND sla_states:*breached",
                        "last_event_at",
                        24,
                        "key",
                        "client",
                        "project",
                        "group",
                        "hours",
                        "amount",
                        "sla_states",
                        "first_event_at",
                        "last_event_at")
                .link("Breached flows", "${handoff}/console/search?state=breached&open=true");
        return d.build();
    }

    static ObjectNode integrationHealth() {
        DashboardBuilder d = new DashboardBuilder(
                        "handoff-integration-health",
                        "Handoff · Integration health",
                        "Events in by source and type, refusals, lag, silent sources, the pipeline, and Elasticsearch writes.",
                        "integration")
                .labelVariable(
                        "source",
                        "Source",
                        "handoff_source_last_received_timestamp_seconds",
                        "Sources (API keys) sending events");
        d.row("Events in");
        d.timeseries(
                        "Events accepted by source and type",
                        "Events accepted per second, by source and event type.",
                        "ops",
                        12)
                .query(
                        "sum by (source, type) (rate(handoff_ingest_events_total{" + SOURCE
                                + ",result=\"accepted\"}[$__rate_interval]))",
                        "{{source}} {{type}}");
        d.timeseries(
                        "Refused events",
                        "Events refused per second by source and problem type (400/422 answers), and events refused with 503 "
                                + "(back-pressure: buffer full or storage unavailable).",
                        "ops",
                        12)
                .query(
                        "sum by (source, reason) (rate(handoff_ingest_rejections_total{" + SOURCE
                                + "}[$__rate_interval]))",
                        "{{source}} {{reason}}")
                .query(
                        "sum(rate(handoff_ingest_backpressure_events_total{" + SOURCE + "}[$__rate_interval]))",
                        "503 back-pressure")
                .runbook("HandoffIngestRejectsHigh");
        d.timeseries(
                        "Duplicates",
                        "Events received again (retries, webhook and poller both seeing a change): answered, counted once.",
                        "ops",
                        12)
                .query(
                        "sum by (source) (rate(handoff_ingest_events_total{" + SOURCE
                                + ",result=\"duplicate\"}[$__rate_interval]))",
                        "{{source}}");
        d.timeseries(
                        "Odoo webhook bodies",
                        "Odoo automation-rule webhook bodies by result: mapped to events, nothing to map, rejected.",
                        "ops",
                        12)
                .query(
                        "sum by (model, result) (rate(handoff_odoo_snapshots_total{" + SOURCE + "}[$__rate_interval]))",
                        "{{model}} {{result}}");
        d.row("Odoo poller");
        d.timeseries(
                        "Poll requests by result",
                        "Requests of the Odoo poller per second by source, model and result: ok, or why Odoo failed "
                                + "(unauthorized, forbidden, unknown-model, unknown-field, rate-limited, timeout, unavailable, protocol) or ingest refused the page.",
                        "ops",
                        12)
                .query(
                        "sum by (source, model, result) (rate(handoff_odoo_poll_requests_total{" + SOURCE
                                + "}[$__rate_interval]))",
                        "{{source}} {{model}} {{result}}")
                .runbook("HandoffOdooPollFailing");
        d.timeseries(
                        "Read up to",
                        "Age of the newest record the poller has read, per source and model. It grows while polling fails, "
                                + "but also while nothing changes in Odoo: read it with the requests beside it.",
                        "s",
                        12)
                .query(
                        "time() - max by (source, model) (handoff_odoo_poll_watermark_seconds{" + SOURCE + "})",
                        "{{source}} {{model}}");
        d.row("Kafka");
        d.timeseries(
                        "Kafka records by result",
                        "Records consumed per second. Events topic: forwarded (valid, sent on to the partition owning its flow), "
                                + "dead-lettered (not an event; kept on the dead-letter topic with the reason). Repartition topic: accepted, duplicate "
                                + "(a redelivery, counted once), context (copies other instances sent for linked flows).",
                        "ops",
                        8)
                .query("sum by (result) (rate(handoff_kafka_records_total[$__rate_interval]))", "{{result}}")
                .runbook("HandoffKafkaDeadLetters");
        d.timeseries(
                        "Consumer lag",
                        "Records the group is behind, per topic and partition (end offset minus committed offset).",
                        "none",
                        8)
                .query("max by (topic, partition) (handoff_kafka_consumer_lag)", "{{topic}} {{partition}}")
                .runbook("HandoffKafkaConsumerLagHigh");
        d.timeseries(
                        "Partitions owned and rebalances",
                        "Repartition-topic partitions each instance owns (it computes the SLAs of the flows "
                                + "on them), and partition changes per hour.",
                        "none",
                        8)
                .query("sum by (instance) (handoff_kafka_partitions_owned)", "owned {{instance}}")
                .query("sum by (kind) (increase(handoff_kafka_rebalances_total[1h]))", "{{kind}} / h");
        d.row("Lag and silence");
        d.timeseries("Event lag p95", "Event time to receipt, p95 per source: how late sources report.", "s", 12)
                .query(
                        "histogram_quantile(0.95, sum by (source, le) (rate(handoff_event_lag_seconds_bucket{" + SOURCE
                                + "}[$__rate_interval])))",
                        "{{source}}");
        d.timeseries(
                        "Time since last event",
                        "Seconds since each source last sent an event. A silent Odoo database or middleware route shows here first.",
                        "s",
                        12)
                .query(
                        "time() - max by (source) (handoff_source_last_received_timestamp_seconds{" + SOURCE + "})",
                        "{{source}}")
                .runbook("HandoffSourceSilent");
        d.row("Pipeline");
        d.timeseries(
                        "Accept to applied",
                        "Time from accepting a request's events to their effects (metrics, flows) being applied, p50 and p99.",
                        "s",
                        12)
                .query("max by (quantile) (handoff_pipeline_latency_seconds{quantile=~\"0.5|0.99\"})", "p{{quantile}}")
                .runbook("HandoffPipelineLatencyHigh");
        d.timeseries(
                        "Buffer",
                        "Events accepted and not yet applied, against the buffer's bound (at the bound ingestion answers 503).",
                        "none",
                        12)
                .query("sum(handoff_pipeline_backlog_events)", "backlog")
                .query("sum(handoff_pipeline_capacity_events)", "capacity");
        d.row("Elasticsearch");
        d.timeseries(
                        "Bulk requests by result",
                        "Bulk requests to Elasticsearch per second: ok, partial (some items retried), failed (all retried).",
                        "reqps",
                        8)
                .query(
                        "sum by (result) (rate(handoff_store_bulk_requests_seconds_count[$__rate_interval]))",
                        "{{result}}")
                .runbook("HandoffStoreUnavailable");
        d.timeseries("Documents written", "Documents written per second, by kind: events, flows, exceptions.", "ops", 8)
                .query("sum by (kind) (rate(handoff_store_written_documents_total[$__rate_interval]))", "{{kind}}");
        d.timeseries(
                        "Write backlog and dead letters",
                        "Operations waiting for Elasticsearch, and documents refused for good per hour "
                                + "(kept in the dead-letter index).",
                        "none",
                        8)
                .query("sum(handoff_store_backlog_operations)", "backlog")
                .query("sum(increase(handoff_store_dead_letters_total[1h]))", "dead letters / h")
                .runbook("HandoffStoreDeadLetters");
        d.row("Notices to delivery leads");
        d.timeseries(
                        "Notices by result",
                        "E-mail notices per hour: sent, escalated (unacknowledged), failed attempts (retried), held for quiet hours, "
                                + "duplicates (sent once already), dropped (too many pending).",
                        "none",
                        12)
                .query("sum by (result) (increase(handoff_notices_total[1h]))", "{{result}}")
                .runbook("HandoffNoticesFailing");
        d.timeseries("Notices waiting", "Notices held in quiet hours or waiting for the mail server.", "none", 12)
                .query("sum(handoff_notices_pending)", "pending");
        return d.build();
    }

    static ObjectNode anomalies() {
        DashboardBuilder d = new DashboardBuilder(
                "handoff-anomalies",
                "Handoff · Anomalies",
                "Anomaly scores (0 usual – 1 unusual) of the business series, beside the series they score. A series scores 0 while it warms up.",
                "anomaly");
        d.row("Scores");
        d.timeseries(
                        "Anomaly scores",
                        "Latest anomaly score per scored series: events per source, breach ratio and mean latency per SLA, "
                                + "exceptions opened per type.",
                        "none",
                        24)
                .query("max by (series, subject) (handoff_anomaly_score)", "{{series}} {{subject}}")
                .thresholds(0.9, 0.99)
                .runbook("HandoffAnomalyScoreHigh");
        d.timeseries(
                        "How far from the usual",
                        "Signed distance of each series' latest point from what it usually shows at that hour, in"
                                + " standard deviations (positive above, negative below); 4 or more is an alarm."
                                + " Each point's one-line reason is in the anomalies index (explanation).",
                        "none",
                        24)
                .query("max by (series, subject) (handoff_anomaly_deviations)", "{{series}} {{subject}}");
        d.row("Series beside their scores");
        d.timeseries(
                        "Events per source",
                        "Events accepted per second by source; a silent or flooding source scores high.",
                        "ops",
                        12)
                .query(
                        "sum by (source) (rate(handoff_ingest_events_total{result=\"accepted\"}[$__rate_interval]))",
                        "{{source}}");
        d.timeseries("Source volume score", "Anomaly score of events per source.", "none", 12)
                .query("max by (subject) (handoff_anomaly_score{series=\"source_events\"})", "{{subject}}");
        d.timeseries("Breach ratio per SLA", "Breached share of the clocks decided, per SLA.", "percentunit", 12)
                .query("handoff:sla_error_ratio:rate5m", "{{sla}}");
        d.timeseries(
                        "Breach ratio score",
                        "Anomaly scores of the breach ratio and of the mean latency per SLA.",
                        "none",
                        12)
                .query(
                        "max by (subject) (handoff_anomaly_score{series=\"sla_breach_ratio\"})",
                        "{{subject}} breach ratio")
                .query("max by (subject) (handoff_anomaly_score{series=\"sla_latency_mean\"})", "{{subject}} latency");
        return d.build();
    }

    /** A latency quantile of the stops in force: the histogram minus its voided twin (both series always exist). */
    static String latencyQuantile(String q) {
        String bucket = "{" + SLA_GROUP + "}[$__rate_interval]))";
        return "histogram_quantile(" + q + ", sum by (sla, le) (rate(handoff_sla_latency_seconds_bucket" + bucket
                + " - sum by (sla, le) (rate(handoff_sla_latency_voided_seconds_bucket" + bucket + ")";
    }
}
