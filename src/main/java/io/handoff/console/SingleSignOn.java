package io.handoff.console;

import io.handoff.web.Caller;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Sign-in through the firm's identity provider (OpenID Connect authorization code flow, run by quarkus-oidc): an
 * anonymous visit is sent to the provider; back from it, the person's name, role and practices are read from the
 * tokens and a console session like any other is opened. The page that follows is reached by a refresh from this
 * page, so the browser sends the new SameSite=Strict cookie (it would not within the provider's cross-site redirect).
 */
@Path("/console/sso")
@Produces(MediaType.TEXT_HTML)
public class SingleSignOn {
    private static final Logger LOG = Logger.getLogger(SingleSignOn.class);

    @Location("console/continue.html")
    Template continuePage;

    @Location("console/problem.html")
    Template problemPage;

    private final ConsoleConfig config;
    private final ConsoleGate gate;
    private final SecurityIdentity identity;

    @Context
    UriInfo uri;

    @HeaderParam("X-Forwarded-Proto")
    String forwardedProto;

    public SingleSignOn(ConsoleConfig config, ConsoleGate gate, SecurityIdentity identity) {
        this.config = config;
        this.gate = gate;
        this.identity = identity;
    }

    @GET
    public Response signIn(@QueryParam("then") String then) {
        if (!config.enabled() || !config.sso().enabled()) {
            throw new NotFoundException();
        }
        if (identity.isAnonymous()) {
            throw new UnauthorizedException(); // quarkus-oidc answers with the redirect to the provider
        }
        IdTokenCredential id = identity.getCredential(IdTokenCredential.class);
        AccessTokenCredential access = identity.getCredential(AccessTokenCredential.class);
        Claims.Person person = Claims.person(
                id == null ? null : id.getToken(), access == null ? null : access.getToken(), config.sso());
        if (person.role().isEmpty()) {
            LOG.info("console: " + person.name() + " signed in through single sign-on without a Handoff role");
            return ConsoleGate.html(
                            problemPage
                                    .data("status", 403)
                                    .data(
                                            "message",
                                            "Your account (" + person.name() + ") has no Handoff role: ask for "
                                                    + String.join(
                                                            " or ", config.sso().readerRoles()) + " (to read) or "
                                                    + String.join(
                                                            " or ", config.sso().operatorRoles()) + " (to act).")
                                    .data("me", null),
                            403,
                            config.zone())
                    .build();
        }
        Caller caller = new Caller(person.name(), person.role().get(), null);
        String token = gate.signIn(caller, person.practices());
        LOG.info("console: " + person.name() + " signed in through single sign-on as "
                + person.role().get().name().toLowerCase(Locale.ROOT)
                + (person.practices().isEmpty() ? "" : " acting for " + person.practices()));
        String next = ConsoleGate.safeThen(then);
        return ConsoleGate.html(
                        continuePage
                                .data("next", next)
                                .data("name", person.name())
                                .data("me", null),
                        200,
                        config.zone())
                .header("Referrer-Policy", null) // replaced, not added: nothing of this page goes on
                .header("Referrer-Policy", "no-referrer")
                .cookie(ConsoleGate.cookie(
                        ConsoleGate.SESSION_COOKIE, token, ConsoleGate.secure(uri, forwardedProto), -1))
                .build();
    }
}
