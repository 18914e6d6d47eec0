package io.handoff.names;

import io.handoff.event.ObjectRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * What people call the records behind ids. Lookups never wait: what is not known yet is asked for in the
 * background and shown next time; {@link #fetch} waits, for what cannot be corrected later (an e-mail).
 * Ids stay what search, filters and labels use; names are only shown.
 */
public interface Names {
    /** The display name of a record, or null when not known (yet). */
    String name(ObjectRef record);

    /** What a lead knows of a flow's record (employee, date, task, hours of a line), or null when not known. */
    String describe(ObjectRef record);

    /** The currency code of the amounts of a flow's record, or null when not known. */
    String currency(ObjectRef record);

    /** Looks up now what is not known yet among {@code records}, waiting for the answer (bounded by the API timeout). */
    void fetch(Collection<ObjectRef> records);

    /** Without an Odoo API: ids are shown as they are; amounts in {@code defaultCurrency} when set. */
    static Names none(String defaultCurrency) {
        return new Names() {
            @Override
            public String name(ObjectRef record) {
                return null;
            }

            @Override
            public String describe(ObjectRef record) {
                return null;
            }

            @Override
            public String currency(ObjectRef record) {
                return defaultCurrency;
            }

            @Override
            public void fetch(Collection<ObjectRef> records) {}
        };
    }

    /** Clients are Odoo partners ({@code res.partner}) when their id is a number, as the Odoo collector sets them. */
    static ObjectRef clientRef(String id) {
        return isOdooId(id) ? new ObjectRef("res.partner", id) : null;
    }

    /** Projects are {@code project.project} records when their id is a number. */
    static ObjectRef projectRef(String id) {
        return isOdooId(id) ? new ObjectRef("project.project", id) : null;
    }

    /** The records to look up to show an exception or flow of this client, project and flow key. */
    static List<ObjectRef> refs(String client, String project, String flowKey) {
        List<ObjectRef> refs = new ArrayList<>(3);
        ObjectRef c = clientRef(client);
        ObjectRef p = projectRef(project);
        if (c != null) {
            refs.add(c);
        }
        if (p != null) {
            refs.add(p);
        }
        ObjectRef.parse(flowKey).ifPresent(refs::add);
        return refs;
    }

    /** The client's name, else its id as it is. */
    default String client(String id) {
        return named(clientRef(id), id);
    }

    /** The project's name, else its id as it is. */
    default String project(String id) {
        return named(projectRef(id), id);
    }

    /** What a lead knows of the flow's record, or null. */
    default String item(String flowKey) {
        return ObjectRef.parse(flowKey).map(this::describe).orElse(null);
    }

    /** An amount with two decimals and the currency of the flow's record, when known: {@code 3,857.14 EUR}. */
    default String money(Double amount, String flowKey) {
        if (amount == null) {
            return "";
        }
        String currency = ObjectRef.parse(flowKey).map(this::currency).orElse(currency(null));
        String figure = String.format(Locale.ROOT, "%,.2f", amount);
        return currency == null ? figure : figure + " " + currency;
    }

    private String named(ObjectRef ref, String id) {
        String name = ref == null ? null : name(ref);
        return name == null ? id : name;
    }

    /** What can be an Odoo record id: decimal digits only, at most 18 of them (it fits a long). */
    public static boolean isOdooId(String id) {
        if (id == null || id.isEmpty() || id.length() > 18) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
