package org.stancewatch.app.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.stancewatch.app.http.ApiServer;

/**
 * Writes rows (records) as CSV or JSON Lines. Columns are the record's components in declaration order, which is
 * also the JSON field order of the API, so a column never moves unless the API shape changes. In CSV, a null is an
 * empty field, a list or nested object is its JSON text; CSV goes through Apache Commons CSV in RFC 4180 form.
 *
 * <p>CSV formula injection (OWASP): a text cell starting with {@code = + - @}, a tab or a carriage return gets a
 * leading single quote, so a spreadsheet shows it as text instead of running it ({@code =HYPERLINK(...)} in an article
 * title). Numbers, dates and instants are ours, never formulas: {@code -0.25} stays a number.
 */
public final class TableWriter {
    private static final ObjectMapper JSON = ApiServer.newObjectMapper()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private TableWriter() {}

    /** The column names of a row type, in the order CSV writes them. */
    public static List<String> columns(Class<? extends Record> type) {
        List<String> names = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            names.add(c.getName());
        }
        return names;
    }

    /** Writes every row; the stream is flushed, not closed. JSON writes one array (the API's usual answer). */
    public static <R extends Record> void write(Class<R> type, Iterable<? extends R> rows, ExportFormat format,
                                                OutputStream out) throws IOException {
        switch (format) {
            case JSON -> {
                JSON.writeValue(out, rows);
                out.flush();
            }
            case JSONL -> {
                for (R row : rows) {
                    out.write(JSON.writeValueAsBytes(row));
                    out.write('\n');
                }
                out.flush();
            }
            case CSV -> {
                Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                RecordComponent[] components = type.getRecordComponents();
                CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder()
                        .setHeader(columns(type).toArray(String[]::new)).get());
                List<Object> values = new ArrayList<>(components.length);
                for (R row : rows) {
                    values.clear();
                    for (RecordComponent c : components) {
                        values.add(neutralised(cell(read(c, row))));
                    }
                    csv.printRecord(values);
                }
                csv.flush();
            }
        }
    }

    private static Object read(RecordComponent component, Record row) {
        try {
            return component.getAccessor().invoke(row);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + row.getClass(), e);
        }
    }

    /** The text as a spreadsheet-safe CSV cell: {@code '} before a leading = + - @ TAB or CR (text cells only). */
    static Object neutralised(Object cell) {
        if (cell instanceof Text text && !text.value.isEmpty() && "=+-@\t\r".indexOf(text.value.charAt(0)) >= 0) {
            return "'" + text.value;
        }
        return cell instanceof Text text ? text.value : cell;
    }

    /** A cell that holds text from the data (as opposed to a number or date this writer formats). */
    private record Text(String value) {}

    private static Object cell(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Collection<?> || value instanceof Map<?, ?> || value instanceof Record) {
            try {
                return JSON.writeValueAsString(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof java.time.temporal.TemporalAccessor) {
            return value.toString();
        }
        return new Text(value.toString());
    }
}
