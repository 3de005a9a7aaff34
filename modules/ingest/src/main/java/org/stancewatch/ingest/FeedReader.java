package org.stancewatch.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.stancewatch.ingest.Rejection.Code;

/**
 * RSS 2.0 and Atom 1.0 files: one article per {@code item} / {@code entry}.
 *
 * <p>RSS: {@code title}, {@code link}, {@code content:encoded} or else {@code description}, {@code pubDate}
 * (RFC-822), {@code guid} (as id only when {@code isPermaLink="false"}; a permalink guid is a URL and is used as
 * the URL when there is no {@code link}), {@code author}/{@code dc:creator} and {@code category} into metadata.
 * Atom: {@code title}, {@code link} (rel="alternate" or no rel), {@code content} or else {@code summary},
 * {@code published} or else {@code updated} (ISO-8601), {@code id}, {@code author/name}, {@code category/@term}.
 * HTML content is turned into text. The outlet is the {@code --outlet} option if given, else the channel's or
 * feed's title.
 *
 * <p>Hand-written on the JDK's StAX parser rather than a feed library (ROME): the two formats need a dozen
 * elements, and StAX gives the line of every item, which the rejection messages need. DTDs and external
 * entities are disabled (XXE).
 */
public final class FeedReader implements ArticleSource {

    private static final String ATOM_NS = "http://www.w3.org/2005/Atom";
    private static final String CONTENT_NS = "http://purl.org/rss/1.0/modules/content/";

    private final FeedOptions options;
    private final ArticleValidator validator;

    public FeedReader(FeedOptions options) {
        this.options = options;
        this.validator = new ArticleValidator(options);
    }

    static XMLInputFactory secureFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        try {
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        } catch (IllegalArgumentException notSupported) {
            // SUPPORT_DTD=false already prevents loading; this is belt and braces on parsers that know the key.
        }
        return factory;
    }

    /** Reads the whole feed (feeds are small); items before a fatal XML error are still returned. */
    @Override
    public Stream<ReadItem> read(String inputName, InputStream in) throws IOException {
        List<ReadItem> items = new ArrayList<>();
        XMLStreamReader xml = null;
        try {
            xml = secureFactory().createXMLStreamReader(in);
            xml.nextTag();
            String root = xml.getLocalName();
            if (root.equals("rss")) {
                readRss(inputName, xml, items);
            } else if (root.equals("feed") && ATOM_NS.equals(xml.getNamespaceURI())) {
                readAtom(inputName, xml, items);
            } else {
                items.add(new Rejection(inputName, xml.getLocation().getLineNumber(), Code.UNKNOWN_FORMAT,
                        "not an RSS 2.0 or Atom feed: root element is <" + root + ">"));
            }
        } catch (XMLStreamException e) {
            Location at = e.getLocation();
            String message = e.getMessage() == null ? "" : e.getMessage().replaceFirst("(?s)^ParseError at \\[.*?\\]\\s*Message:\\s*", "");
            items.add(new Rejection(inputName, at == null ? 0 : Math.max(at.getLineNumber(), 0),
                    Code.MALFORMED_XML, "malformed XML (reading stopped here): " + message.strip()));
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException ignored) {
                    // nothing more to read either way
                }
            }
        }
        return items.stream();
    }

    private void readRss(String inputName, XMLStreamReader xml, List<ReadItem> items) throws XMLStreamException {
        String channelTitle = null;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String name = xml.getLocalName();
            if (name.equals("title") && isEmpty(xml.getNamespaceURI()) && channelTitle == null) {
                channelTitle = textOf(xml);
            } else if (name.equals("item")) {
                items.add(readRssItem(inputName, xml, channelTitle));
            }
        }
    }

    private ReadItem readRssItem(String inputName, XMLStreamReader xml, String channelTitle) throws XMLStreamException {
        ArticleDraft draft = new ArticleDraft(inputName, xml.getLocation().getLineNumber());
        String description = null;
        String encoded = null;
        String link = null;
        String guid = null;
        boolean guidIsPermalink = true;
        String pubDate = null;
        int categories = 0;
        while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
            String ns = xml.getNamespaceURI();
            String name = xml.getLocalName();
            if (CONTENT_NS.equals(ns) && name.equals("encoded")) {
                encoded = textOf(xml);
            } else if (name.equals("guid")) {
                guidIsPermalink = !"false".equalsIgnoreCase(xml.getAttributeValue(null, "isPermaLink"));
                guid = textOf(xml);
            } else {
                String value = textOf(xml);
                switch (name.toLowerCase(Locale.ROOT)) {
                    case "title" -> draft.title(HtmlText.toText(value));
                    case "link" -> link = value;
                    case "description" -> description = value;
                    case "pubdate" -> pubDate = value;
                    case "author", "creator" -> draft.metadata("author", value);
                    case "category" -> draft.metadata(categories++ == 0 ? "category" : "category." + categories, value);
                    default -> { /* other elements are not part of an article */ }
                }
            }
        }
        if (link == null && guid != null && guidIsPermalink) {
            link = guid;
        }
        draft.url(link == null ? null : link.strip());
        if (guid != null && !guidIsPermalink) {
            draft.id(guid);
        }
        draft.body(HtmlText.toText(encoded != null && !encoded.isBlank() ? encoded : description));
        draft.outlet(options.defaultOutlet() != null ? options.defaultOutlet() : channelTitle);
        if (pubDate != null && !pubDate.isBlank()) {
            try {
                draft.published(PublicationDates.Published.at(PublicationDates.parseRfc822(pubDate)), DateSource.FEED);
            } catch (java.time.DateTimeException rfcFailure) {
                try {
                    draft.published(PublicationDates.parse(pubDate), DateSource.FEED); // some feeds put ISO dates in pubDate
                } catch (IllegalArgumentException | java.time.DateTimeException e) {
                    return draft.reject(Code.BAD_DATE, "pubDate: unparseable date '" + pubDate.strip()
                            + "' (expected RFC-822 such as Sat, 08 Jul 2017 10:15:00 GMT)");
                }
            }
        }
        return validator.validate(draft);
    }

    private void readAtom(String inputName, XMLStreamReader xml, List<ReadItem> items) throws XMLStreamException {
        String feedTitle = null;
        while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
            String name = xml.getLocalName();
            if (name.equals("title") && feedTitle == null) {
                feedTitle = HtmlText.toText(textOf(xml));
            } else if (name.equals("entry")) {
                items.add(readAtomEntry(inputName, xml, feedTitle));
            } else {
                skipElement(xml);
            }
        }
    }

    private ReadItem readAtomEntry(String inputName, XMLStreamReader xml, String feedTitle) throws XMLStreamException {
        ArticleDraft draft = new ArticleDraft(inputName, xml.getLocation().getLineNumber());
        String content = null;
        String summary = null;
        String published = null;
        String updated = null;
        String link = null;
        int categories = 0;
        while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
            switch (xml.getLocalName()) {
                case "title" -> draft.title(HtmlText.toText(textOf(xml)));
                case "id" -> draft.id(textOf(xml));
                case "content" -> content = textOf(xml);
                case "summary" -> summary = textOf(xml);
                case "published" -> published = textOf(xml);
                case "updated" -> updated = textOf(xml);
                case "link" -> {
                    String rel = xml.getAttributeValue(null, "rel");
                    String href = xml.getAttributeValue(null, "href");
                    if ((rel == null || rel.equals("alternate")) && href != null && link == null) {
                        link = href;
                    }
                    skipElement(xml);
                }
                case "author" -> {
                    String author = childText(xml, "name");
                    if (author != null) {
                        draft.metadata("author", author);
                    }
                }
                case "category" -> {
                    String term = xml.getAttributeValue(null, "term");
                    if (term != null) {
                        draft.metadata(categories++ == 0 ? "category" : "category." + categories, term);
                    }
                    skipElement(xml);
                }
                default -> skipElement(xml);
            }
        }
        draft.url(link);
        draft.body(HtmlText.toText(content != null && !content.isBlank() ? content : summary));
        draft.outlet(options.defaultOutlet() != null ? options.defaultOutlet() : feedTitle);
        String date = published != null && !published.isBlank() ? published : updated;
        if (date != null && !date.isBlank()) {
            try {
                draft.published(PublicationDates.parse(date), DateSource.FEED);
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                return draft.reject(Code.BAD_DATE, (published != null ? "published: " : "updated: ") + e.getMessage());
            }
        }
        return validator.validate(draft);
    }

    /** All text inside the current element (markup of nested elements, as in Atom xhtml content, is dropped). */
    private static String textOf(XMLStreamReader xml) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    if (isBlock(xml.getLocalName()) && text.length() > 0) {
                        text.append("\n\n");
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> depth--;
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        text.append(xml.getText());
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new XMLStreamException(
                        "undeclared or external entity &" + xml.getLocalName() + "; is not allowed", xml.getLocation());
                default -> { /* comments, processing instructions */ }
            }
        }
        return text.toString();
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static boolean isBlock(String localName) {
        return switch (localName) {
            case "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote" -> true;
            default -> false;
        };
    }

    private static String childText(XMLStreamReader xml, String childName) throws XMLStreamException {
        String found = null;
        while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
            if (xml.getLocalName().equals(childName) && found == null) {
                found = textOf(xml).strip();
            } else {
                skipElement(xml);
            }
        }
        return found;
    }

    private static void skipElement(XMLStreamReader xml) throws XMLStreamException {
        textOf(xml);
    }
}
