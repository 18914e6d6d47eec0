package io.handoff.trace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Trace and span ids of a business flow, computed from the flow key alone so that any system can
 * find the flow's trace (documented in the README):
 *
 * <ul>
 *   <li>trace id = the first 16 bytes of SHA-256({@code "handoff-flow:" + flowKey}), hex;
 *   <li>root span id = the first 8 bytes of SHA-256({@code "handoff-flow-root:" + flowKey}), hex;
 *   <li>step span id = the first 8 bytes of SHA-256({@code "handoff-event:" + source + "\n" + id}), hex
 *       (the CloudEvents identity of the event).
 * </ul>
 */
public final class FlowTraceIds {
    private FlowTraceIds() {}

    public static String traceId(String flowKey) {
        return hex("handoff-flow:" + flowKey, 16);
    }

    public static String rootSpanId(String flowKey) {
        return hex("handoff-flow-root:" + flowKey, 8);
    }

    public static String stepSpanId(String source, String id) {
        return hex("handoff-event:" + source + "\n" + id, 8);
    }

    private static String hex(String text, int bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
