package io.handoff.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.handoff.event.EventType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/** Event types in JSON as their wire names (the domain carries no Jackson annotations). */
@Singleton
public class EventTypeJson implements ObjectMapperCustomizer {
    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("handoff-event-types");
        module.addSerializer(EventType.class, new JsonSerializer<>() {
            @Override
            public void serialize(EventType type, JsonGenerator out, SerializerProvider provider) throws IOException {
                out.writeString(type.wireName());
            }
        });
        module.addDeserializer(EventType.class, new JsonDeserializer<>() {
            @Override
            public EventType deserialize(JsonParser in, DeserializationContext context) throws IOException {
                String name = in.getValueAsString();
                return EventType.fromWireName(name)
                        .orElseThrow(() -> context.weirdStringException(name, EventType.class, "unknown event type"));
            }
        });
        return module;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(module());
    }
}
