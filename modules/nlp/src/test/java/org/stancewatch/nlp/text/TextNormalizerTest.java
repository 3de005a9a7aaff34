package org.stancewatch.nlp.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TextNormalizerTest {

    @Test
    void mapsTypographicPunctuationOneCharForOne() {
        // From seed 000: curly quotes, an en dash and an ellipsis.
        String original = "“This victory is not final – there are still pockets … ” Iraq’s air force";
        String normalized = TextNormalizer.normalize(original);
        assertEquals("\"This victory is not final - there are still pockets . \" Iraq's air force", normalized);
        assertEquals(original.length(), normalized.length());
    }

    @Test
    void exoticSpacesBecomePlainSpacesAndLettersStay() {
        String original = "Haider\u00A0al-Abadi\u2009said\tÉlysée";
        assertEquals("Haider al-Abadi said Élysée", TextNormalizer.normalize(original));
    }

    @Test
    void nullStaysNull() {
        assertNull(TextNormalizer.normalize(null));
    }
}
