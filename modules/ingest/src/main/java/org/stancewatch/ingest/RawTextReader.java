package org.stancewatch.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.stancewatch.ingest.Rejection.Code;

/**
 * One article per plain UTF-8 text file, like the seeds.
 *
 * <p>Optional header lines at the top, each a lower-case keyword and a value, usually with a leading space:
 * {@code  date 2017-07-21} (ISO date; text after the date on the same line is the start of the article, as in
 * the seeds), {@code  outlet Alwaght}, {@code  url https://...}, {@code  language en}, {@code  id my-id}.
 * Without a date header, the date the text states at its top, if any ({@link TextDates}: a date line, byline or
 * dateline, else a page header date); without either the article is undated, never "today".
 * The title is the headline line at the top ({@link Headlines}: dates, bylines and page chrome skipped), else the
 * lead cut short; the body is all text after the headers, title line included, because in such files the chosen
 * line is as often the lead paragraph as a headline (the analyser counts a title found in the body once).
 */
public final class RawTextReader implements ArticleSource {

    private static final Pattern HEADER = Pattern.compile("^\\s*(date|outlet|url|language|id)\\s+(\\S.*)$");
    private static final Pattern DATE_HEADER_VALUE = Pattern.compile("^(\\S+)\\s*(.*)$");

    private final ArticleValidator validator;

    public RawTextReader(FeedOptions options) {
        this.validator = new ArticleValidator(options);
    }

    @Override
    public Stream<ReadItem> read(String inputName, InputStream in) throws IOException {
        return Stream.of(parse(inputName, in.readAllBytes()));
    }

    ReadItem parse(String inputName, byte[] bytes) {
        String text;
        try {
            text = StrictUtf8.decode(bytes);
        } catch (StrictUtf8.InvalidUtf8Exception e) {
            return e.rejection(inputName);
        }
        ArticleDraft draft = new ArticleDraft(inputName, 1);
        List<String> lines = text.lines().toList();
        List<String> content = new ArrayList<>();
        int i = 0;
        for (; i < lines.size(); i++) {
            Matcher header = HEADER.matcher(lines.get(i));
            if (!header.matches()) {
                break;
            }
            String key = header.group(1);
            String value = header.group(2).strip();
            if (key.equals("date")) {
                Matcher dateAndText = DATE_HEADER_VALUE.matcher(value);
                dateAndText.matches();
                try {
                    draft.published(PublicationDates.parse(dateAndText.group(1)), DateSource.DATE_LINE);
                } catch (IllegalArgumentException | java.time.DateTimeException e) {
                    return new Rejection(inputName, i + 1, Code.BAD_DATE, "date header: " + e.getMessage());
                }
                if (!dateAndText.group(2).isBlank()) {
                    content.add(dateAndText.group(2));
                    i++;
                    break;
                }
            } else {
                switch (key) {
                    case "outlet" -> draft.outlet(value);
                    case "url" -> draft.url(value);
                    case "language" -> draft.language(value);
                    case "id" -> draft.id(value);
                    default -> throw new IllegalStateException("pattern admits only known keys: " + key);
                }
            }
        }
        content.addAll(lines.subList(i, lines.size()));
        String body = String.join("\n", content).strip();
        if (draft.publishedDate == null && draft.publishedAt == null) {
            // Dates in the future are not publication dates: allow a day for time zones ahead of the clock's.
            LocalDate latest = LocalDate.ofInstant(validator.clock().instant(), ZoneOffset.UTC).plusDays(1);
            TextDates.find(content, latest).ifPresent(found ->
                    draft.published(PublicationDates.Published.day(found.date()), found.source()));
        }
        draft.title(Headlines.choose(content));
        // Ids hash the text with its first line, as before headlines were chosen: re-feeding a file after an
        // upgrade must replace the article it sent earlier, not add a second copy.
        draft.idTitle(content.stream().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(null));
        draft.body(body);
        return validator.validate(draft);
    }
}
