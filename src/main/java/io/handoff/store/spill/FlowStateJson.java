package io.handoff.store.spill;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.handoff.codec.EventTypeJson;
import io.handoff.engine.FlowState;
import io.handoff.event.ObjectRef;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A flow's state as JSON bytes and back: exact to the nanosecond, every field (its events' facts, its clock marks). */
public final class FlowStateJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(EventTypeJson.module())
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule("handoff-object-refs")
                    .addSerializer(ObjectRef.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(ObjectRef ref, JsonGenerator out, SerializerProvider provider)
                                throws IOException {
                            out.writeString(ref.key());
                        }
                    })
                    .addDeserializer(ObjectRef.class, new JsonDeserializer<>() {
                        @Override
                        public ObjectRef deserialize(JsonParser in, DeserializationContext context) throws IOException {
                            String key = in.getValueAsString();
                            return ObjectRef.parse(key)
                                    .orElseThrow(() ->
                                            context.weirdStringException(key, ObjectRef.class, "not an object key"));
                        }
                    }));

    private FlowStateJson() {}

    public static byte[] write(FlowState state) {
        try {
            return JSON.writeValueAsBytes(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FlowState read(byte[] bytes) {
        try {
            return JSON.readValue(bytes, FlowState.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
