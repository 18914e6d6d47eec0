package io.handoff.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.web.Role;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a signed-in person's tokens say about them: a name, a console role from the configured role claim, and the
 * practices they act for. Reads the JWT payloads quarkus-oidc obtained in the code flow (the ID token verified by
 * it, the access token received from the provider over the back channel). Plain Java.
 */
public final class Claims {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Who signed in: empty role when the tokens grant neither reader nor operator. */
    public record Person(String name, Optional<Role> role, Set<String> practices) {}

    private Claims() {}

    public static Person person(String idToken, String accessToken, ConsoleConfig.Sso sso) {
        List<JsonNode> tokens = new ArrayList<>();
        for (String raw : new String[] {idToken, accessToken}) {
            JsonNode payload = payload(raw);
            if (payload != null) {
                tokens.add(payload);
            }
        }
        String name = first(tokens, sso.nameClaim()).stream().findFirst().orElse(null);
        if (name == null) {
            name = first(tokens, "sub").stream().findFirst().orElse("(unnamed)");
        }
        Set<String> roles = new LinkedHashSet<>(first(tokens, sso.roleClaim()));
        Optional<Role> role = roles.stream().anyMatch(sso.operatorRoles()::contains)
                ? Optional.of(Role.OPERATOR)
                : roles.stream().anyMatch(sso.readerRoles()::contains) ? Optional.of(Role.READER) : Optional.empty();
        Set<String> practices = sso.practicesClaim()
                .map(claim -> (Set<String>) new LinkedHashSet<>(first(tokens, claim)))
                .orElse(Set.of());
        return new Person(name, role, practices);
    }

    /** The values at a dotted path in the first token that has it: a string, or the strings of an array. */
    static List<String> first(List<JsonNode> tokens, String path) {
        for (JsonNode token : tokens) {
            JsonNode node = token;
            for (String step : path.split("\\.")) {
                node = node.path(step);
            }
            if (node.isTextual()) {
                return List.of(node.asText());
            }
            if (node.isArray()) {
                List<String> values = new ArrayList<>();
                node.forEach(v -> {
                    if (v.isTextual()) {
                        // Keycloak's group paths start with a slash: /integration is the practice integration.
                        values.add(v.asText().startsWith("/") ? v.asText().substring(1) : v.asText());
                    }
                });
                return values;
            }
        }
        return List.of();
    }

    /** A JWT's payload as JSON; null when it is not a JWT. */
    static JsonNode payload(String jwt) {
        if (jwt == null) {
            return null;
        }
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return null;
        }
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
