package org.stancewatch.app;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with columns sized to their content; long cells are cut with an ellipsis.
 * Hand-written because picocli's TextTable wraps rather than truncates and needs fixed widths up front.
 */
public final class TextTable {

    private final String[] headers;
    private final boolean[] rightAligned;
    private final int maxWidth;
    private final List<String[]> rows = new ArrayList<>();

    /** Headers ending in ">" are right-aligned (numbers); the ">" is not printed. */
    public TextTable(int maxCellWidth, String... headers) {
        this.headers = new String[headers.length];
        this.rightAligned = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            rightAligned[i] = headers[i].endsWith(">");
            this.headers[i] = rightAligned[i] ? headers[i].substring(0, headers[i].length() - 1) : headers[i];
        }
        this.maxWidth = maxCellWidth;
    }

    public TextTable row(Object... cells) {
        String[] r = new String[headers.length];
        for (int i = 0; i < r.length; i++) {
            String s = i < cells.length && cells[i] != null ? cells[i].toString() : "";
            s = s.replaceAll("\\s+", " ").strip();
            r[i] = s.length() > maxWidth ? s.substring(0, maxWidth - 1) + "…" : s;
        }
        rows.add(r);
        return this;
    }

    public int size() {
        return rows.size();
    }

    @Override
    public String toString() {
        int[] w = new int[headers.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = headers[i].length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, w);
        String[] rule = new String[w.length];
        for (int i = 0; i < w.length; i++) {
            rule[i] = "-".repeat(w[i]);
        }
        line(sb, rule, w);
        rows.forEach(r -> line(sb, r, w));
        return sb.toString();
    }

    private void line(StringBuilder sb, String[] cells, int[] w) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append("  ");
            }
            String pad = " ".repeat(w[i] - cells[i].length());
            sb.append(rightAligned[i] ? pad + cells[i] : (i == cells.length - 1 ? cells[i] : cells[i] + pad));
        }
        sb.append('\n');
    }
}
