package org.stancewatch.ingest;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/** Feed descriptions and content are usually HTML; the pipeline wants the text, with paragraphs kept as lines. */
final class HtmlText {

    private HtmlText() {
    }

    static String toText(String maybeHtml) {
        if (maybeHtml == null || maybeHtml.indexOf('<') < 0 && maybeHtml.indexOf('&') < 0) {
            return maybeHtml;
        }
        StringBuilder out = new StringBuilder(maybeHtml.length());
        Jsoup.parseBodyFragment(maybeHtml).body().traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode text) {
                    out.append(text.text());
                } else if (node instanceof Element element && element.nameIs("br")) {
                    out.append('\n');
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element && element.isBlock() && !element.nameIs("body")) {
                    out.append("\n\n");
                }
            }
        });
        return out.toString().replaceAll("[ \\t]*\\n[ \\t]*", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }
}
