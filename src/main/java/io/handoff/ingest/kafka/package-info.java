/**
 * Kafka as Handoff's event log: the SmallRye edges of the distributed mode. The collector reads CloudEvents (binary
 * and structured modes) from the events topic and passes each valid one on to the repartition topic keyed by its
 * flow; records that are not events go to a dead-letter topic with the reason, from where they can be replayed.
 * The publisher writes every other accepted input, and the context linked flows on other partitions need
 * ({@code ContextForwarder}). The keyed, stateful middle that reads the repartition topic is
 * {@code io.handoff.scaleout}. Off unless {@code handoff.kafka.enabled}.
 */
package io.handoff.ingest.kafka;
