package io.handoff.console;

import io.handoff.web.Access;
import io.handoff.web.Caller;
import io.handoff.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Who is signed in to the console. A named key (an access key of role reader or operator) signs in once; the browser
 * then holds only a session cookie (HttpOnly, SameSite=Strict, Secure behind TLS, path /console), never the key.
 * Forms carry the session's CSRF token, checked on every POST.
 */
@ApplicationScoped
public class ConsoleGate {
    private static final Logger LOG = Logger.getLogger(ConsoleGate.class);
    public static final String SESSION_COOKIE = "handoff_session";
    /** The sign-in form's own CSRF token (double submit): there is no session yet to hold one. */
    public static final String SIGNIN_COOKIE = "handoff_signin";

    static final String PATH = "/console";

    private final Access access;
    private final Sessions sessions;
    private final InstantSource clock;

    public ConsoleGate(Access access, ConsoleConfig config, InstantSource clock) {
        this.access = access;
        this.sessions = new Sessions(config.sessionIdle(), config.maxSessions());
        this.clock = clock;
    }

    public Optional<Sessions.Session> session(String token) {
        return sessions.session(token, clock.instant());
    }

    /** Signs in with a key of role reader or operator; empty for any other key (the reason is not told). */
    public Optional<String> signIn(String key) {
        Caller caller = access.identify(key);
        if (caller == null || !caller.role().allows(Role.READER)) {
            LOG.info("console: refused a sign-in (" + (caller == null ? "unknown key" : "key of a sender") + ")");
            return Optional.empty();
        }
        LOG.info("console: " + caller.name() + " signed in");
        return Optional.of(sessions.signIn(caller, clock.instant()));
    }

    /** Opens a session for someone the identity provider vouched for. */
    public String signIn(Caller caller, java.util.Set<String> practices) {
        return sessions.signIn(caller, practices, clock.instant());
    }

    public void signOut(String token) {
        sessions.signOut(token);
    }

    /**
     * Every console page: no caching of what a signed-in person saw, no framing, scripts, styles and forms from here
     * only; times in {@code zone}.
     */
    static Response.ResponseBuilder html(io.quarkus.qute.TemplateInstance page, int status, java.time.ZoneId zone) {
        page.data("zone", zone.getId());
        return Response.status(status)
                .type(jakarta.ws.rs.core.MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(page.render())
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin")
                .header(
                        "Content-Security-Policy",
                        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
    }

    static NewCookie cookie(String name, String value, boolean secure, int maxAge) {
        return new NewCookie.Builder(name)
                .value(value)
                .path(PATH)
                .httpOnly(true)
                .secure(secure)
                .maxAge(maxAge)
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
    }

    /** Behind TLS, directly or at a proxy that says so. */
    static boolean secure(UriInfo uri, String forwardedProto) {
        return "https".equalsIgnoreCase(uri.getRequestUri().getScheme()) || "https".equalsIgnoreCase(forwardedProto);
    }

    /** To the sign-in page, coming back here afterwards. */
    static Response toSignIn(UriInfo uri) {
        String then = uri.getRequestUri().getRawPath()
                + (uri.getRequestUri().getRawQuery() == null
                        ? ""
                        : "?" + uri.getRequestUri().getRawQuery());
        return Response.seeOther(URI.create(PATH + "/signin?then=" + URLEncoder.encode(then, StandardCharsets.UTF_8)))
                .build();
    }

    /** Only paths inside the console, so the sign-in page cannot be made to send anyone elsewhere. */
    static String safeThen(String then) {
        if (then == null
                || !then.startsWith(PATH)
                || then.startsWith("//")
                || then.contains("\\")
                || then.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return PATH;
        }
        return then;
    }
}
