package io.finbridge.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExcerptTest {

    @Test
    void anEmailShowsItsFirstLetterAndDomainOnly() {
        assertThat(Excerpt.of("jane.doe+billing@mail.example.com")).isEqualTo("'j***@mail.example.com'");
        assertThat(Excerpt.message("customer Jane <jane@example.co.uk> and bob@example.com"))
                .isEqualTo("customer Jane <j***@example.co.uk> and b***@example.com");
    }

    @Test
    void maskingTwiceChangesNothing() {
        String once = Excerpt.message("write to jane@example.com");
        assertThat(Excerpt.message(once)).isEqualTo(once);
    }

    @Test
    void aLongValueIsCutAndSaysHowLongItWas() {
        String shown = Excerpt.of("a".repeat(1_000_000));
        assertThat(shown).isEqualTo("'" + "a".repeat(Excerpt.VALUE) + "… (1000000 characters)'");
    }

    @Test
    void anEmailBeyondTheCutIsNotHalfShown() {
        String shown = Excerpt.bounded("x".repeat(50) + " jane.doe@example.com", 60);
        assertThat(shown).doesNotContain("jane.doe").startsWith("x".repeat(50) + " j***@exa");
    }

    @Test
    void controlCharactersAreEscapedSoALogLineStaysOneLine() {
        assertThat(Excerpt.of("a\nb\u0000c")).isEqualTo("'a\\u000ab\\u0000c'");
    }

    @Test
    void nothingIsSaidAsNothing() {
        assertThat(Excerpt.of(null)).isEqualTo("nothing");
        assertThat(Excerpt.bare(null)).isNull();
    }
}
