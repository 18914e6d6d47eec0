package io.handoff.console;

import io.handoff.names.Names;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * The names pages show for ids ({@code {inject:names.client(e.client)}}): a client's, a project's, what a flow's
 * record is, an amount with its currency. Ids stay in links, filters and search; an id Odoo has not named yet
 * is shown as it is.
 */
@Named("names")
@ApplicationScoped
public class ShownNames {
    private final Names names;

    public ShownNames(Names names) {
        this.names = names;
    }

    /**
     * Looks up now what one exception's or flow's page shows (a lead arriving from an e-mail sees names, not ids),
     * waiting at most {@code handoff.names.timeout}; while Odoo fails, not at all.
     */
    void fetch(String client, String project, String flowKey) {
        names.fetch(Names.refs(client, project, flowKey));
    }

    public String client(String id) {
        return id == null ? "" : names.client(id);
    }

    public String project(String id) {
        return id == null ? "" : names.project(id);
    }

    /** A filter value: clients and projects by name, the rest as they are. */
    public String facet(String facet, String value) {
        return switch (facet) {
            case "client" -> client(value);
            case "project" -> project(value);
            default -> value;
        };
    }

    /** What the flow's record is to a lead ("Jürgen Weiß · Mon 16 Nov 2026 · Migration workshop · 7.5 h"), or empty. */
    public String item(String flowKey) {
        String item = flowKey == null ? null : names.item(flowKey);
        return item == null ? "" : item;
    }

    public String money(Double amount, String flowKey) {
        return names.money(amount, flowKey);
    }
}
