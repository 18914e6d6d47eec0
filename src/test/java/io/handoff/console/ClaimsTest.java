package io.handoff.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.web.Role;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClaimsTest {
    private static String jwt(String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    private static ConsoleConfig.Sso sso(Optional<String> practices) {
        return new ConsoleConfig.Sso() {
            public boolean enabled() {
                return true;
            }

            public String roleClaim() {
                return "realm_access.roles";
            }

            public List<String> operatorRoles() {
                return List.of("handoff-operator");
            }

            public List<String> readerRoles() {
                return List.of("handoff-reader", "auditor");
            }

            public Optional<String> practicesClaim() {
                return practices;
            }

            public String nameClaim() {
                return "preferred_username";
            }
        };
    }

    @Test
    void rolesComeFromTheDottedClaimOfTheIdTokenElseTheAccessToken() {
        String id = jwt("{\"sub\":\"1\",\"preferred_username\":\"lena\",\"practices\":[\"/integration\",\"data\"]}");
        String access = jwt("{\"realm_access\":{\"roles\":[\"offline_access\",\"handoff-operator\"]}}");

        Claims.Person lena = Claims.person(id, access, sso(Optional.of("practices")));

        assertThat(lena.name()).isEqualTo("lena");
        assertThat(lena.role()).contains(Role.OPERATOR);
        assertThat(lena.practices()).containsExactly("integration", "data");
        assertThat(Claims.person(id, access, sso(Optional.empty())).practices())
                .as("no practices claim configured: acts on all")
                .isEmpty();
    }

    @Test
    void operatorWinsOverReaderAndNoKnownRoleIsNoRole() {
        String both = jwt("{\"sub\":\"2\",\"realm_access\":{\"roles\":[\"auditor\",\"handoff-operator\"]}}");
        assertThat(Claims.person(both, null, sso(Optional.empty())).role()).contains(Role.OPERATOR);
        assertThat(Claims.person(both, null, sso(Optional.empty())).name())
                .as("no name claim: the subject")
                .isEqualTo("2");

        String reader = jwt("{\"realm_access\":{\"roles\":\"auditor\"}}");
        assertThat(Claims.person(reader, null, sso(Optional.empty())).role()).contains(Role.READER);

        String none = jwt("{\"realm_access\":{\"roles\":[\"handoff-operators\"]}}");
        assertThat(Claims.person(none, null, sso(Optional.empty())).role()).isEmpty();
        assertThat(Claims.person("not a jwt", "x.!!!.y", sso(Optional.empty())).role())
                .isEmpty();
    }
}
