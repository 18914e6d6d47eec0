package io.handoff.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who may do what. Keys are held as SHA-256 digests and a presented key is compared with every
 * one of them in constant time, without stopping at a match, so timing reveals neither a key nor
 * which one matched. Keys are never logged.
 */
public final class Access {
    static final int MIN_KEY_LENGTH = 16;

    private record Entry(byte[] digest, Caller caller, String configKey) {}

    private final List<Entry> entries;

    Access(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Access from(SourcesConfig sources, AccessConfig access) {
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        new TreeMap<>(sources.all()).forEach((name, source) -> {
            String key = "handoff.sources." + name;
            if (!name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
                throw new IllegalArgumentException(
                        key + ": source names are lower-case letters, digits and dashes (they become metric labels)");
            }
            Role role = switch (source.kind().toLowerCase(Locale.ROOT)) {
                case "cloudevents" -> Role.INGEST;
                case "odoo-webhook" -> Role.WEBHOOK;
                default ->
                    throw new IllegalArgumentException(
                            key + ".kind: expected cloudevents or odoo-webhook, got '" + source.kind() + "'");
            };
            List<String> prefixes = source.allowedSources().orElse(List.of());
            if (role == Role.WEBHOOK && !prefixes.isEmpty()) {
                throw new IllegalArgumentException(key + ".allowed-sources: an odoo-webhook source sends as odoo/"
                        + name + " only; remove the key");
            }
            entries.add(entry(key + ".api-key", source.apiKey(), new Caller(name, role, name, prefixes), seen));
        });
        new TreeMap<>(access.keys()).forEach((name, k) -> {
            String key = "handoff.access.keys." + name;
            Role role = switch (k.role().toLowerCase(Locale.ROOT)) {
                case "reader" -> Role.READER;
                case "operator" -> Role.OPERATOR;
                default ->
                    throw new IllegalArgumentException(
                            key + ".role: expected reader or operator, got '" + k.role() + "'");
            };
            entries.add(entry(key + ".key", k.key(), new Caller(name, role, null), seen));
        });
        return new Access(entries);
    }

    private static Entry entry(String configKey, String secret, Caller caller, Set<String> seen) {
        if (secret == null || secret.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException(configKey + ": keys must be at least " + MIN_KEY_LENGTH + " characters");
        }
        if (!seen.add(secret)) {
            throw new IllegalArgumentException(
                    configKey + ": the same key is configured twice; give every source and user its own");
        }
        return new Entry(digest(secret), caller, configKey);
    }

    /** The configuration key of a configured secret that is one of {@code secrets}, or null. */
    String holderOfAny(java.util.Set<String> secrets) {
        for (String secret : secrets) {
            byte[] digest = digest(secret);
            for (Entry entry : entries) {
                if (MessageDigest.isEqual(digest, entry.digest)) {
                    return entry.configKey;
                }
            }
        }
        return null;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The caller holding {@code presentedKey}, or null. */
    public Caller identify(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return null;
        }
        byte[] presented = digest(presentedKey);
        Caller match = null;
        for (Entry entry : entries) {
            boolean equal = MessageDigest.isEqual(presented, entry.digest);
            if (equal && match == null) {
                match = entry.caller;
            }
        }
        return match;
    }

    /** The caller, if its key allows {@code role}; otherwise a 401 or 403 problem. */
    public Caller require(Role role, String presentedKey) {
        Caller caller = identify(presentedKey);
        if (caller == null) {
            throw new ProblemException(
                    ProblemType.UNAUTHORIZED,
                    presentedKey == null || presentedKey.isEmpty()
                            ? "no API key presented"
                            : "the API key presented is not valid");
        }
        if (!caller.role().allows(role)) {
            throw new ProblemException(
                    ProblemType.FORBIDDEN,
                    "key '" + caller.name() + "' has role "
                            + caller.role().name().toLowerCase(Locale.ROOT) + "; this request needs "
                            + role.name().toLowerCase(Locale.ROOT));
        }
        return caller;
    }

    /** The key from {@code Authorization: Bearer <key>}, else from {@code X-API-Key}. */
    public static String presented(String authorization, String apiKeyHeader) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return apiKeyHeader;
    }

    private static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
