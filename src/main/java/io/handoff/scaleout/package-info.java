/**
 * Scale-out on Kafka Streams (with {@code handoff.kafka.enabled}): the keyed, stateful middle between the edges.
 * SmallRye channels keep the edges (validating the events topic, dead letters, the producers of every other input,
 * and the sink writing accepted events into the event store); a Kafka Streams topology reads the repartition topic,
 * keeps each partition's events in a changelogged state store and hosts the engine's ownership on its task
 * assignment.
 */
package io.handoff.scaleout;
