package io.handoff.store.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import java.io.IOException;
import java.time.InstantSource;

/**
 * Keeps documents Elasticsearch refused for good, with the reason, in an index whose mapping cannot
 * refuse them (the document is kept as unindexed text), so an operator can fix and replay them.
 */
final class DeadLetters {
    private final ElasticsearchClient client;
    private final Documents documents;
    private final String index;
    private final InstantSource clock;

    DeadLetters(ElasticsearchClient client, Documents documents, String index, InstantSource clock) {
        this.client = client;
        this.documents = documents;
        this.index = index;
        this.clock = clock;
    }

    void keep(BulkWriter.Operation op, int status, String reason) throws IOException {
        byte[] doc = documents.deadLetter(op, status, reason, clock.instant());
        client.index(i -> i.index(index).document(BinaryData.of(doc, ContentType.APPLICATION_JSON)));
    }
}
