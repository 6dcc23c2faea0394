package fr.tocsin.contracts.auth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Role names are read exactly as @RolesAllowed compares them (#14 finding 13). */
class ActorTest {

    @ParameterizedTest
    @EnumSource(Actor.Role.class)
    void theLowerCaseClaimNameGivesItsRole(Actor.Role role) {
        assertThat(Actor.fromClaims("sub", "Nom", Set.of(role.claim()), List.of("department:59"), "Autorité"))
                .map(Actor::role).contains(role);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MINISTRY", "Ministry", "ministrY", "PREFECTURE", "Prefecture", "MAYOR", "Operator",
            " ministry", "ministry "})
    void anyOtherSpellingGivesNoTocsinRole(String group) {
        assertThat(Actor.fromClaims("sub", "Nom", Set.of(group), List.of("department:59"), "Autorité")).isEmpty();
    }
}
