package org.stancewatch.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Stable article ids, so that feeding the same article again replaces it instead of adding a new one.
 * Order: the producer's own id; else {@code a-} + 16 hex digits of SHA-256 over the canonical URL;
 * else over the normalised title and body.
 */
public final class ArticleIds {

    private ArticleIds() {
    }

    public static String idFor(String givenId, String url, String title, String body) {
        if (givenId != null && !givenId.isBlank()) {
            return givenId.strip();
        }
        if (url != null && !url.isBlank()) {
            return hashId("url\n" + canonicalUrl(url));
        }
        return hashId("text\n" + normaliseText(title) + "\n" + normaliseText(body));
    }

    /**
     * Lower-case scheme and host, no default port, no fragment, no {@code utm_*} query parameters, no trailing
     * slash on the path. A string that is not a URI is only trimmed, so it still yields a stable id.
     */
    public static String canonicalUrl(String url) {
        String trimmed = url.strip();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            return trimmed;
        }
        if (uri.getScheme() == null || uri.getRawAuthority() == null) {
            return trimmed;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? uri.getRawAuthority().toLowerCase(Locale.ROOT)
                : uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (port == 80 && scheme.equals("http")) || (port == 443 && scheme.equals("https"));
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        StringBuilder out = new StringBuilder(scheme).append("://");
        if (uri.getRawUserInfo() != null) {
            out.append(uri.getRawUserInfo()).append('@');
        }
        out.append(host);
        if (!defaultPort) {
            out.append(':').append(port);
        }
        out.append(path);
        String query = withoutTrackingParameters(uri.getRawQuery());
        if (!query.isEmpty()) {
            out.append('?').append(query);
        }
        return out.toString();
    }

    private static String withoutTrackingParameters(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        StringJoiner kept = new StringJoiner("&");
        for (String param : rawQuery.split("&")) {
            if (!param.isEmpty() && !param.toLowerCase(Locale.ROOT).startsWith("utm_")) {
                kept.add(param);
            }
        }
        return kept.toString();
    }

    /** Unicode NFKC, typographic quotes and dashes made plain, whitespace runs collapsed, trimmed. */
    public static String normaliseText(String text) {
        if (text == null) {
            return "";
        }
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
        s = s.replaceAll("[\u2018\u2019\u201A\u201B\u2032\u00B4`]", "'")
                .replaceAll("[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]", "\"")
                .replaceAll("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]", "-")
                .replaceAll("[\\s\u00A0\u200B\uFEFF]+", " ");
        return s.strip();
    }

    private static String hashId(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "a-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
