/**
 * Elasticsearch as the system of record: index templates, an asynchronous bulk writer with
 * back-pressure, retries and dead letters, searches for the read side and recovery. The only package
 * that imports the Elasticsearch client.
 */
package io.handoff.store.elastic;
