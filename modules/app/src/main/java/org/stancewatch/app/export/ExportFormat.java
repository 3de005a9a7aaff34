package org.stancewatch.app.export;

import java.util.Locale;
import java.util.Optional;

/** The formats listings and `stancewatch export` write. */
public enum ExportFormat {
    /** The API's own answer: one JSON array. */
    JSON("application/json", "json"),
    /** RFC 4180: header row, comma separated, CRLF line ends, fields quoted when needed, UTF-8 without BOM. */
    CSV("text/csv; charset=utf-8; header=present", "csv"),
    /** JSON Lines: one JSON object per line, LF line ends, UTF-8. */
    JSONL("application/x-ndjson; charset=utf-8", "jsonl");

    public final String contentType;
    public final String extension;

    ExportFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    /** Case-insensitive name, empty for anything else (the caller names the parameter in its error). */
    public static Optional<ExportFormat> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
