package org.stancewatch.app.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.BreakIterator;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.stancewatch.events.Article;

/**
 * Deterministic test articles made from the real sentences of the seed articles: sentences are
 * recombined, actor names swapped for other seed actors, dates spread over four months of 2017, and
 * about one record in twenty is a re-send of an earlier id with a correction (new text, sometimes a
 * new day), which must replace the earlier version's counts rather than add to them.
 */
public final class ChaosArticles {

    /** Actors named in the seeds (all in the starter catalogue); swapped into each other's places. */
    public static final List<String> ACTOR_NAMES = List.of(
            "ISIS", "Iraqi army", "Popular Mobilization Forces", "United States", "Russia", "Syria", "Iran",
            "Peshmerga", "Haider al-Abadi", "Nouri al-Maliki", "Israel", "Amnesty International", "Donald Trump");
    static final List<String> OUTLETS = List.of("Alwaght", "Sputnik", "Al Jazeera", "Reuters", "Rudaw", "Press TV",
            "Anadolu", "The Guardian");
    static final LocalDate FIRST_DAY = LocalDate.of(2017, 6, 1);
    static final int DAYS = 120;
    static final double RESEND_SHARE = 0.05;
    private static final Instant INGESTED_BASE = Instant.parse("2026-11-21T00:00:00Z");
    private static final Pattern ACTOR = Pattern.compile("\\b(" + String.join("|",
            ACTOR_NAMES.stream().map(Pattern::quote).toList()) + ")\\b");
    // The seeds' first line starts " date YYYY-MM-DD" and the outlet's dateline: not article text.
    private static final Pattern DATE_LINE = Pattern.compile("^\\s*date \\d{4}-\\d{2}-\\d{2}\\s*");

    private final List<String> sentences;
    private final long seed;

    public ChaosArticles(List<String> sentences, long seed) {
        if (sentences.isEmpty()) {
            throw new IllegalArgumentException("no sentences to build articles from");
        }
        this.sentences = List.copyOf(sentences);
        this.seed = seed;
    }

    /** Sentences of every {@code *.txt} in {@code seedsDir}, split with the JDK's English sentence rules. */
    public static ChaosArticles fromSeeds(Path seedsDir, long seed) {
        List<String> sentences = new ArrayList<>();
        try (Stream<Path> files = Files.list(seedsDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                String text = DATE_LINE.matcher(Files.readString(file, StandardCharsets.UTF_8)).replaceFirst("");
                sentences.addAll(splitSentences(text));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read seed articles in " + seedsDir, e);
        }
        return new ChaosArticles(sentences, seed);
    }

    static List<String> splitSentences(String text) {
        List<String> out = new ArrayList<>();
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        it.setText(text);
        for (int start = it.first(), end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            String s = text.substring(start, end).strip();
            if (s.length() >= 20) {
                out.add(s);
            }
        }
        return out;
    }

    public List<String> sentences() {
        return sentences;
    }

    /** {@code n} records in publication order; the same seed always gives the same records. */
    public List<Article> generate(int n) {
        Random random = new Random(seed);
        List<Article> out = new ArrayList<>(n);
        int originals = 0;
        for (int i = 0; i < n; i++) {
            boolean resend = originals >= 10 && random.nextDouble() < RESEND_SHARE;
            if (resend) {
                Article earlier = out.get(random.nextInt(out.size()));
                LocalDate day = random.nextBoolean() ? earlier.getPublishedDate() : randomDay(random);
                out.add(article(earlier.getId(), earlier.getOutlet(), day, i, random));
            } else {
                String id = String.format("chaos-%d-%07d", seed, originals++);
                out.add(article(id, OUTLETS.get(random.nextInt(OUTLETS.size())), randomDay(random), i, random));
            }
        }
        return out;
    }

    private Article article(String id, String outlet, LocalDate day, int index, Random random) {
        int count = 2 + random.nextInt(4);
        List<String> chosen = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            chosen.add(swapActors(sentences.get(random.nextInt(sentences.size())), random));
        }
        String body = String.join(" ", chosen);
        String title = chosen.get(0).length() > 90 ? chosen.get(0).substring(0, 90) : chosen.get(0);
        return Article.newBuilder()
                .setId(id)
                .setTitle(title)
                .setBody(body)
                .setUrl("https://chaos.example/" + id)
                .setOutlet(outlet)
                .setLanguage("en")
                .setPublishedDate(day)
                .setIngestedAt(INGESTED_BASE.plusSeconds(index))
                .setSource("chaos seed " + seed + " record " + index)
                .setMetadata(Map.of())
                .build();
    }

    private static String swapActors(String sentence, Random random) {
        Matcher m = ACTOR.matcher(sentence);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = random.nextBoolean() ? m.group() : ACTOR_NAMES.get(random.nextInt(ACTOR_NAMES.size()));
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static LocalDate randomDay(Random random) {
        return FIRST_DAY.plusDays(random.nextInt(DAYS));
    }
}
