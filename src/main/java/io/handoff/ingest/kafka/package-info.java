/**
 * Kafka as Handoff's event log and the way instances share work. The collector reads CloudEvents (binary
 * and structured modes) from the events topic and forwards each valid one through the repartition topic to
 * the partition owning its flow; records that are not events go to a dead-letter topic with the reason.
 * Instances own the flows of their assigned repartition partitions ({@code KafkaRebalance}) and send each
 * other context for linked flows ({@code ContextForwarder}). Off unless {@code handoff.kafka.enabled}.
 */
package io.handoff.ingest.kafka;
