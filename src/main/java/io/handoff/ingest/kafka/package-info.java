/**
 * Consumes CloudEvents from Kafka (binary and structured modes) into the same intake as HTTP; records
 * that are not events go to a dead-letter topic with the reason. Off unless {@code handoff.kafka.enabled}.
 */
package io.handoff.ingest.kafka;
