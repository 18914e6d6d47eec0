package io.handoff.fuzz;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser signed in to the console, as the fuzz suite drives it: forms and queries with hostile values. */
final class ConsoleSession {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern COOKIE = Pattern.compile("(handoff_[a-z]+)=([^;]*)");
    private static final List<String> PAGES = List.of(
            "/console",
            "/console/exception",
            "/console/flow",
            "/console/slas",
            "/console/search",
            "/console/signin",
            "/console/data/sla-days");
    private static final List<String> ACTIONS = List.of("acknowledge", "assign", "comment", "snooze", "resolve");

    private final EdgeOracle edge;
    private final String cookie;
    private final String csrf;
    private int turn;

    private ConsoleSession(EdgeOracle edge, String cookie, String csrf) {
        this.edge = edge;
        this.cookie = cookie;
        this.csrf = csrf;
    }

    static ConsoleSession signIn(EdgeOracle edge, String key) {
        Map<String, String> cookies = new LinkedHashMap<>();
        String session = signInCookies(edge, key, true, cookies);
        if (session == null) {
            throw new AssertionError("the operator key did not sign in");
        }
        EdgeOracle.Answer inbox = edge.sendToConsole(
                HttpRequest.newBuilder()
                        .header("Cookie", "handoff_session=" + session)
                        .GET(),
                "/console",
                null);
        Matcher m = CSRF.matcher(inbox.body());
        if (inbox.status() != 200 || !m.find()) {
            throw new AssertionError("no console page after signing in: " + inbox.status());
        }
        return new ConsoleSession(edge, "handoff_session=" + session, m.group(1));
    }

    /** Whether {@code key} opens a session. */
    static boolean trySignIn(EdgeOracle edge, String key, boolean validCsrf) {
        return signInCookies(edge, key, validCsrf, new LinkedHashMap<>()) != null;
    }

    private static String signInCookies(EdgeOracle edge, String key, boolean validCsrf, Map<String, String> cookies) {
        EdgeOracle.Answer form = edge.sendToConsole(HttpRequest.newBuilder().GET(), "/console/signin", null);
        Matcher m = CSRF.matcher(form.body());
        if (!m.find()) {
            throw new AssertionError("the sign-in page has no CSRF token");
        }
        String signinCookie = m.group(1);
        HttpRequest.Builder post = HttpRequest.newBuilder()
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "handoff_signin=" + signinCookie)
                .POST(HttpRequest.BodyPublishers.ofString(
                        form(Map.of("key", key, "csrf", validCsrf ? signinCookie : "forged", "then", "/console"))));
        var answer = edge.sendToConsoleWithHeaders(post, "/console/signin", key);
        for (String header : answer.setCookies()) {
            Matcher c = COOKIE.matcher(header);
            if (c.find() && !c.group(2).isEmpty()) {
                cookies.put(c.group(1), c.group(2));
            }
        }
        return cookies.get("handoff_session");
    }

    /** Posts an action form with one field set to {@code value}, with the session's CSRF token or a forged one. */
    void act(String field, String value, boolean validCsrf) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("csrf", validCsrf ? csrf : "forged");
        fields.put("id", "sla-breach:fz-msg-1");
        fields.put("action", ACTIONS.get(turn++ % ACTIONS.size()));
        fields.put(field, value);
        EdgeOracle.Answer answer = edge.sendToConsole(
                HttpRequest.newBuilder()
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", cookie)
                        .POST(HttpRequest.BodyPublishers.ofString(form(fields))),
                "/console/exception",
                value);
        if (!validCsrf && answer.status() != 403) {
            throw new AssertionError("a form without the session's token got " + answer.status());
        }
    }

    /** Reads a console page with one query parameter set to {@code value}. */
    void read(String name, String value) {
        String page = PAGES.get(turn++ % PAGES.size());
        edge.sendToConsole(
                HttpRequest.newBuilder().header("Cookie", cookie).GET(),
                page + "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8),
                value);
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue() == null ? "" : e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
