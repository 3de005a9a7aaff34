package org.stancewatch.nlp.text;

/**
 * Maps typographic variants to plain ASCII punctuation one char for one char, so every offset
 * in the normalised text is the same offset in the original: curly quotes become straight,
 * the dash family becomes '-', exotic spaces (no-break, thin, zero-width...) become ' ', the
 * ellipsis becomes '.'. Letters are left alone (case matters to the matcher).
 */
public final class TextNormalizer {

    private TextNormalizer() {
    }

    public static String normalize(String s) {
        if (s == null) {
            return null;
        }
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = normalize(chars[i]);
        }
        return new String(chars);
    }

    public static char normalize(char c) {
        if (c < 0x80) {
            if (c == '\t' || c == '\r' || c == '\f' || c == 0x0B) {
                return ' ';
            }
            return c == '`' ? '\'' : c;
        }
        switch (c) {
            case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\u2035', '\u00B4',
                    '\u02BB', '\u02BC', '\u02BE', '\u02BF', '\u02B9', '\uFF07' -> {
                return '\'';
            }
            case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033', '\u2036', '\u00AB', '\u00BB', '\uFF02' -> {
                return '"';
            }
            case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58', '\uFE63', '\uFF0D' -> {
                return '-';
            }
            case '\u2026' -> {
                return '.';
            }
            case '\u0085', '\u2028', '\u2029' -> {
                return '\n';
            }
            case '\u00A0', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006',
                    '\u2007', '\u2008', '\u2009', '\u200A', '\u200B', '\u200C', '\u200D', '\u202F', '\u205F',
                    '\u3000', '\uFEFF', '\u00AD' -> {
                return ' ';
            }
            default -> {
                return c;
            }
        }
    }
}
