package io.handoff.ingest.cloudevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A CloudEvent in binary content mode (attributes in headers, the body is {@code data}) turned into the
 * structured JSON form {@link CloudEventReader} reads, so both modes pass the same checks. HTTP header
 * values are percent-decoded as the HTTP binding asks; data of a JSON media type is parsed, any other
 * kept as text (Handoff reads facts only from JSON data).
 */
public final class BinaryMode {
    private BinaryMode() {}

    /** Why binary data could not be read as the JSON its content type claims. */
    public static final class UnreadableData extends Exception {
        UnreadableData(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param attributes attribute name (without the {@code ce-}/{@code ce_} prefix) to its header value
     * @param percentEncoded true for HTTP headers, false for Kafka headers (taken as they are)
     */
    public static ObjectNode structured(
            ObjectMapper json, Map<String, String> attributes, String contentType, byte[] data, boolean percentEncoded)
            throws UnreadableData {
        ObjectNode event = json.createObjectNode();
        attributes.forEach((name, value) -> event.put(name, percentEncoded ? percentDecoded(value) : value));
        if (contentType != null) {
            event.put("datacontenttype", contentType);
        }
        if (data != null && data.length > 0) {
            if (isJson(contentType)) {
                try {
                    event.set("data", json.readTree(data));
                } catch (JsonProcessingException e) {
                    throw new UnreadableData("binary CloudEvent whose data is not JSON although content-type is "
                            + contentType + ": " + e.getOriginalMessage());
                } catch (IOException e) {
                    throw new UnreadableData("unreadable data: " + e.getMessage());
                }
            } else {
                event.put("data", new String(data, StandardCharsets.UTF_8));
            }
        }
        return event;
    }

    /** No content type means JSON (the CloudEvents JSON format's default). */
    public static boolean isJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        type = (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
        return type.equals("application/json") || type.equals("text/json") || type.endsWith("+json");
    }

    /** RFC 3986 percent-decoding as UTF-8; a malformed escape is kept as it is. */
    static String percentDecoded(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length() && hex(value.charAt(i + 1)) >= 0 && hex(value.charAt(i + 2)) >= 0) {
                bytes.write(hex(value.charAt(i + 1)) * 16 + hex(value.charAt(i + 2)));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
