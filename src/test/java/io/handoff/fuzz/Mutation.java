package io.handoff.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * One change to a valid input: a member set to a hostile value, removed, added, given twice, or the bytes
 * cut or corrupted. {@code target} picks the member (modulo the members there are), so a shrunk case names
 * the first member first.
 */
record Mutation(Op op, int target, JsonNode value, String name, int at) {
    enum Op {
        SET,
        REMOVE,
        ADD,
        DUPLICATE_KEY,
        CUT,
        GARBAGE
    }

    static Gen<Mutation> any() {
        Gen<Op> op = Generate.frequency(
                Pair.of(10, Generate.constant(Op.SET)),
                Pair.of(3, Generate.constant(Op.REMOVE)),
                Pair.of(2, Generate.constant(Op.ADD)),
                Pair.of(2, Generate.constant(Op.DUPLICATE_KEY)),
                Pair.of(1, Generate.constant(Op.CUT)),
                Pair.of(1, Generate.constant(Op.GARBAGE)));
        return op.zip(
                Generate.range(0, 40),
                Hostile.values(),
                Generate.pick(List.of("extra", "Id", "data", "$ref", "__proto__", "")),
                Generate.range(0, 10_000),
                Mutation::new);
    }

    static Gen<List<Mutation>> some() {
        return SourceDSL.lists().of(any()).ofSizeBetween(0, 3);
    }

    /** Applies the tree mutations to {@code input} (members of {@code input} and of its {@code data} object). */
    static void applyToTree(ObjectNode input, List<Mutation> mutations) {
        for (Mutation m : mutations) {
            List<String[]> members = members(input);
            switch (m.op) {
                case SET -> {
                    String[] path = members.get(m.target % members.size());
                    // A copy: generated values may be shared between cases, and a later mutation may add to this one.
                    parent(input, path).set(path[path.length - 1], m.value.deepCopy());
                }
                case REMOVE -> {
                    String[] path = members.get(m.target % members.size());
                    parent(input, path).remove(path[path.length - 1]);
                }
                case ADD ->
                    (m.target % 2 == 0 || !(input.get("data") instanceof ObjectNode)
                                    ? input
                                    : (ObjectNode) input.get("data"))
                            .set(m.name, m.value.deepCopy());
                default -> {}
            }
        }
    }

    /** Applies the byte-level mutations to the serialised input. */
    static byte[] applyToBytes(byte[] json, ObjectNode input, List<Mutation> mutations) {
        byte[] out = json;
        for (Mutation m : mutations) {
            switch (m.op) {
                case DUPLICATE_KEY -> {
                    List<String[]> members = members(input);
                    String name = members.isEmpty() ? "id" : members.get(m.target % members.size())[0];
                    String text = new String(out, StandardCharsets.UTF_8);
                    int brace = text.indexOf('{');
                    if (brace >= 0) {
                        out = (text.substring(0, brace + 1) + "\"" + name + "\":" + m.value + ","
                                        + text.substring(brace + 1))
                                .replace(",}", "}")
                                .getBytes(StandardCharsets.UTF_8);
                    }
                }
                case CUT -> out = Arrays.copyOf(out, out.length == 0 ? 0 : m.at % out.length);
                case GARBAGE -> {
                    if (out.length > 0) {
                        out = out.clone();
                        out[m.at % out.length] = (byte) (m.at * 31);
                    }
                }
                default -> {}
            }
        }
        return out;
    }

    private static List<String[]> members(ObjectNode input) {
        List<String[]> members = new ArrayList<>();
        input.fieldNames().forEachRemaining(name -> members.add(new String[] {name}));
        if (input.get("data") instanceof ObjectNode data) {
            data.fieldNames().forEachRemaining(name -> members.add(new String[] {"data", name}));
        }
        if (members.isEmpty()) {
            members.add(new String[] {"id"});
        }
        return members;
    }

    private static ObjectNode parent(ObjectNode input, String[] path) {
        return path.length == 1 ? input : (ObjectNode) input.get(path[0]);
    }

    @Override
    public String toString() {
        String shown = value == null ? "" : value.toString();
        shown = shown.length() > 80 ? shown.substring(0, 80) + "… (" + shown.length() + " chars)" : shown;
        return op + "#" + target + (op == Op.SET || op == Op.ADD || op == Op.DUPLICATE_KEY ? "=" + shown : "")
                + (op == Op.ADD ? " as " + name : "") + (op == Op.CUT || op == Op.GARBAGE ? "@" + at : "");
    }
}
