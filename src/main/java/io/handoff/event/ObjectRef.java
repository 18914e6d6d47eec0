package io.handoff.event;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A business object as {@code <odoo model>/<id>}, e.g. {@code account.analytic.line/4711}.
 *
 * <p>The model is an Odoo model name (lower case, dots and underscores); the id is any non-blank
 * token without white space, so records of non-Odoo systems can be named the same way.
 */
public final class ObjectRef {
    private static final Pattern MODEL = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*");
    private static final Pattern ID = Pattern.compile("[^\\s/]{1,128}");

    private final String model;
    private final String id;
    /** Made once: the key is what every map of flows and links hashes and compares. */
    private final String key;

    public ObjectRef(String model, String id) {
        if (model == null || !MODEL.matcher(model).matches()) {
            throw new IllegalArgumentException("model must look like an Odoo model name, e.g. account.move");
        }
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id must be 1 to 128 characters without white space or '/'");
        }
        this.model = model;
        this.id = id;
        this.key = model + "/" + id;
    }

    public String model() {
        return model;
    }

    public String id() {
        return id;
    }

    /** Parses {@code model/id}; empty when the text is not of that form. */
    public static Optional<ObjectRef> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ObjectRef(text.substring(0, slash), text.substring(slash + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The flow key of this object. */
    public String key() {
        return key;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ObjectRef ref && key.equals(ref.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return key();
    }
}
