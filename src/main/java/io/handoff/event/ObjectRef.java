package io.handoff.event;

import java.util.Optional;

/**
 * A business object as {@code <odoo model>/<id>}, e.g. {@code account.analytic.line/4711}.
 *
 * <p>The model is an Odoo model name (lower case, dots and underscores); the id is any non-blank
 * token without white space, control characters or '/', so records of non-Odoo systems can be named
 * the same way. Both are checked by hand, in one pass: a regular expression with a repeated group
 * recurses per repetition and overflows the stack on a long enough input.
 */
public final class ObjectRef {
    /** Longest model name (Odoo's own are under 64) and longest id, in characters. */
    public static final int MAX_MODEL = 128;

    public static final int MAX_ID = 128;

    private final String model;
    private final String id;
    /** Made once: the key is what every map of flows and links hashes and compares. */
    private final String key;

    public ObjectRef(String model, String id) {
        if (!isModel(model)) {
            throw new IllegalArgumentException("model must look like an Odoo model name, e.g. account.move (at most "
                    + MAX_MODEL + " characters)");
        }
        if (!isId(id)) {
            throw new IllegalArgumentException(
                    "id must be 1 to " + MAX_ID + " characters without white space, control characters or '/'");
        }
        this.model = Canonical.of(model); // a few dozen models, millions of records
        this.id = id;
        this.key = model + "/" + id;
    }

    /** {@code [a-z][a-z0-9_]*(\\.[a-z0-9_]+)*}, at most {@link #MAX_MODEL} characters. */
    static boolean isModel(String model) {
        if (model == null || model.isEmpty() || model.length() > MAX_MODEL) {
            return false;
        }
        char first = model.charAt(0);
        if (first < 'a' || first > 'z') {
            return false;
        }
        boolean afterDot = false;
        for (int i = 1; i < model.length(); i++) {
            char c = model.charAt(i);
            if (c == '.') {
                if (afterDot) {
                    return false;
                }
                afterDot = true;
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
                afterDot = false;
            } else {
                return false;
            }
        }
        return !afterDot;
    }

    static boolean isId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '/' || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return false;
            }
        }
        return WireText.fault(id, 4 * MAX_ID) == null;
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
        if (slash <= 0 || slash == text.length() - 1 || text.length() > MAX_MODEL + 1 + MAX_ID) {
            return Optional.empty();
        }
        String model = text.substring(0, slash);
        String id = text.substring(slash + 1);
        return isModel(model) && isId(id) ? Optional.of(new ObjectRef(model, id)) : Optional.empty();
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
