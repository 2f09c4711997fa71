package fr.facteur.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SiretTest {

    @ParameterizedTest
    @ValueSource(strings = { "73282932000074", "44306184100047", "35600000000048" })
    void fourteenDigitsWithAValidLuhnKeyAreValid(String siret) {
        assertThat(Siret.isValid(siret)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "73282932000075", "44306184100048", "73282932000047" })
    void aWrongLuhnKeyIsRefused(String siret) {
        assertThat(Siret.isValid(siret)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "35600000049837", "35600000010014" })
    void laPosteEstablishmentsAreValidWhenTheirDigitsSumToAMultipleOfFive(String siret) {
        assertThat(Siret.hasValidLuhnKey(siret)).as("not a Luhn number").isFalse();
        assertThat(Siret.isValid(siret)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "35600000010001", "55600000010014" })
    void theLaPosteRuleAppliesOnlyToLaPosteAndOnlyForMultiplesOfFive(String siret) {
        assertThat(Siret.isValid(siret)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "7328293200007", "732829320000740", "7328293200007A", "732 829 320 00074", "0000000000000٠" })
    void anythingButFourteenAsciiDigitsIsRefused(String siret) {
        assertThat(Siret.isValid(siret)).isFalse();
    }
}
