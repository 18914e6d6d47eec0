/**
 * The one wire form of a validated event, used wherever Handoff keeps or passes one on: the Elasticsearch events
 * index and the Kafka topics. Beside {@code event/}, which stays free of any serialisation library.
 */
package io.handoff.codec;
