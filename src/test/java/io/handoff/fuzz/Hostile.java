package io.handoff.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/** Values a careless or hostile sender puts where Handoff expects something sensible. */
final class Hostile {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Hostile() {}

    /** Strings chosen for what they have broken elsewhere, plus random ones over the whole of UTF-16. */
    static Gen<String> strings() {
        return Generate.frequency(
                Pair.of(6, Generate.pick(notableStrings())),
                Pair.of(2, SourceDSL.strings().allPossible().ofLengthBetween(0, 40)),
                Pair.of(1, SourceDSL.strings().allPossible().ofLengthBetween(200, 3000)),
                Pair.of(1, SourceDSL.strings().betweenCodePoints(0x4e00, 0x9fff).ofLengthBetween(80, 400)));
    }

    static List<String> notableStrings() {
        return List.of(
                "",
                " ",
                "\t",
                "a",
                "null",
                "true",
                "0",
                "-1",
                "1e400",
                "NaN",
                "Infinity",
                "a".repeat(100_000),
                "a" + ".a".repeat(20_000) + "/1",
                "界".repeat(250),
                "😀".repeat(70),
                "line\nbreak",
                "nul\u0000byte",
                "bell\u0007",
                "sep\u2028arator",
                "rtl\u202Eoverride",
                "zero\u200Bwidth",
                "half\uD800surrogate",
                "\uDC00low first",
                "account.analytic.line/4711",
                "account.move/7718",
                "account.analytic.line/a b",
                "account.move/",
                "/4711",
                "Account.Move/1",
                "account..move/1",
                "account.move/1/2",
                "~account.move/1",
                "~",
                "odoo/odoo-prod",
                "odoo/anything",
                "esb://fuzz",
                "http://[::1",
                "%00%0a%E2%80%A8",
                "../../etc/passwd",
                "<script>alert(1)</script>",
                "' OR 1=1 --",
                "${jndi:ldap://x/a}",
                "2026-13-45T25:61:61Z",
                "2026-11-23 08:06:30",
                "9999-12-31T23:59:59Z",
                "0000-01-01T00:00:00Z",
                "-999999999-01-01T00:00:00Z",
                "2026-11-23T08:06:30+25:00");
    }

    static Gen<JsonNode> numbers() {
        return Generate.pick(List.<JsonNode>of(
                NODES.numberNode(0),
                NODES.numberNode(-1),
                NODES.numberNode(7.5),
                NODES.numberNode(-0.0),
                NODES.numberNode(Long.MAX_VALUE),
                NODES.numberNode(Long.MIN_VALUE),
                NODES.numberNode(1e308),
                NODES.numberNode(-1e308),
                NODES.numberNode(4.9e-324),
                NODES.numberNode(new BigDecimal("1e400")),
                NODES.numberNode(new BigDecimal("-1e400")),
                NODES.numberNode(new BigInteger("9".repeat(150))),
                NODES.numberNode(new BigInteger("-" + "9".repeat(150))),
                NODES.numberNode(new BigDecimal("0." + "0".repeat(400) + "1")),
                NODES.numberNode(10_001),
                NODES.numberNode(2_147_483_648L)));
    }

    /** Any JSON value: wrong types, extremes, nesting. */
    static Gen<JsonNode> values() {
        return Generate.frequency(
                Pair.of(5, strings().map(s -> (JsonNode) NODES.textNode(s))),
                Pair.of(3, numbers()),
                Pair.of(2, Generate.pick(structures())),
                Pair.of(1, Generate.range(1, 900).map(Hostile::nested)));
    }

    static List<JsonNode> structures() {
        ObjectNode emptyObject = NODES.objectNode();
        ArrayNode listOfEmpty = NODES.arrayNode().add(NODES.objectNode());
        ArrayNode many2one = NODES.arrayNode().add(212).add("Projekt");
        ArrayNode badMany2one = NODES.arrayNode().add("a b").add(1);
        ObjectNode object = NODES.objectNode().put("a", 1).put("b", "c");
        return List.of(
                NODES.nullNode(),
                NODES.booleanNode(true),
                NODES.booleanNode(false),
                NODES.arrayNode(),
                emptyObject,
                listOfEmpty,
                many2one,
                badMany2one,
                object,
                NODES.arrayNode().add(NODES.nullNode()));
    }

    /** Arrays inside arrays, {@code depth} deep (Jackson refuses over 1000 by default). */
    static JsonNode nested(int depth) {
        ArrayNode root = NODES.arrayNode();
        ArrayNode current = root;
        for (int i = 1; i < depth; i++) {
            ArrayNode next = NODES.arrayNode();
            current.add(next);
            current = next;
        }
        return root;
    }
}
