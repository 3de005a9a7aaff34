package org.stancewatch.app.http;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.stancewatch.events.HolderSentence;
import org.stancewatch.events.HolderStance;

/** Rows of {@code stances.by-holder} as the pipeline would derive them from {@link Fixtures#articles()}; no NLP. */
final class HolderFixtures {
    private HolderFixtures() {}

    static final LocalDate JULY_8 = LocalDate.of(2017, 7, 8);
    static final String XSS_HOLDER = "<img src=x onerror=\"window.__pwned = true\">Mr <b>X</b>";
    static final String XSS_SENTENCE = "<script>window.__pwned = true;</script>The <b>Iraqi army</b> was heroic.";
    static final String US_SENTENCE = "The United States said its air strikes helped the Iraqi army advance.";

    record S(String articleId, String sentence, double score) {
    }

    static HolderStance row(String holder, String holderName, String kind, String target, String targetName,
                            LocalDate day, S... sentences) {
        long favor = 0, against = 0, neutral = 0;
        double sum = 0;
        List<HolderSentence> examples = new ArrayList<>();
        for (S s : sentences) {
            String stance = s.score() > 0.3 ? "FAVOR" : s.score() < -0.3 ? "AGAINST" : "NEUTRAL";
            switch (stance) {
                case "FAVOR" -> favor++;
                case "AGAINST" -> against++;
                default -> neutral++;
            }
            sum += s.score();
            examples.add(new HolderSentence(s.articleId(), s.sentence(), 0, s.sentence().length(), s.score(), stance));
        }
        long n = sentences.length;
        return HolderStance.newBuilder().setHolder(holder).setHolderName(holderName).setHolderKind(kind)
                .setTarget(target).setTargetName(targetName).setDay(day).setFavor(favor).setAgainst(against)
                .setNeutral(neutral).setSentences(n)
                .setArticles(examples.stream().map(HolderSentence::getArticleId).distinct().count())
                .setMeanScore(n == 0 ? 0 : sum / n)
                .setStance(favor > against ? "FAVOR" : against > favor ? "AGAINST" : favor > 0 ? "MIXED" : "NEUTRAL")
                .setExamples(examples).setUpdatedAt(day == null ? null : Instant.parse(day + "T00:00:00Z")).build();
    }

    static List<HolderStance> rows() {
        return List.of(
                row("united-states", "United States", "ACTOR", "iraqi-army", "Iraqi army", JULY_8.plusDays(1),
                        new S("a3", US_SENTENCE, 0.4)),
                row("outlet:Reuters", "Reuters", "OUTLET", "iraqi-army", "Iraqi army", JULY_8,
                        new S("a1", "Commanders praised the Iraqi army for its discipline.", 0.7)),
                row("outlet:Reuters", "Reuters", "OUTLET", "iraqi-army", "Iraqi army", JULY_8.plusDays(2),
                        new S("a4", "Prime Minister Haider al-Abadi congratulated the Iraqi army on the victory over ISIS.", 0.9)),
                row("outlet:Al Jazeera", "Al Jazeera", "OUTLET", "iraqi-army", "Iraqi army", JULY_8.plusDays(3),
                        new S("a5", "Residents blamed the Iraqi army for destroying homes in the old city.", -0.6)),
                row("speaker:" + XSS_HOLDER.toLowerCase(), XSS_HOLDER, "SPEAKER", "iraqi-army", "Iraqi army",
                        JULY_8.plusDays(3), new S(Fixtures.XSS_ID, XSS_SENTENCE, 0.8)),
                row("iraqi-army", "Iraqi army", "ACTOR", "isis", "ISIS", JULY_8,
                        new S("a1", "ISIS fighters used civilians as shields.", -0.8),
                        new S("a1", "The Iraqi army pushed into the last streets held by ISIS on Saturday.", -0.1)),
                row("iraqi-army", "Iraqi army", "ACTOR", "isis", "ISIS", JULY_8.plusDays(2),
                        new S("a4", "The Iraqi army raised the flag over the Nuri mosque.", -0.5)),
                // Undated: in no period.
                row("united-states", "United States", "ACTOR", "iraqi-army", "Iraqi army", null,
                        new S(Fixtures.UNDATED_ID, "The Iraqi army and its allies achieved a great victory in Mosul.", 0.6)),
                // A row whose last article was retracted: zero counts, no edge.
                row("pmf", "Popular Mobilization Forces", "ACTOR", "iraqi-army", "Iraqi army", JULY_8));
    }
}
