package io.handoff.ingest.poll;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Reads records from one Odoo database. Implementations speak one of Odoo's external APIs; callers
 * see the same rows (many2one values as {@code [id, "name"]}, datetimes as naive UTC whole seconds)
 * and the same {@link OdooApiException} kinds whichever it is. Safe to call from one thread at a time.
 */
public interface OdooApi {
    /**
     * One {@code search_read}: rows matching {@code domain}, in {@code order}, at most {@code limit}; archived records
     * too when {@code includeArchived} (Odoo's {@code active_test: false}).
     */
    record SearchRead(
            String model, ArrayNode domain, List<String> fields, String order, int limit, boolean includeArchived) {
        SearchRead(String model, ArrayNode domain, List<String> fields, String order, int limit) {
            this(model, domain, fields, order, limit, false);
        }
    }

    List<ObjectNode> searchRead(SearchRead request) throws OdooApiException;

    /** The protocol's name as configured: {@code json-2} or {@code json-rpc}. */
    String protocol();
}
