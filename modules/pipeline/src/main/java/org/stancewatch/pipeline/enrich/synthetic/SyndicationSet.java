package org.stancewatch.pipeline.enrich.synthetic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded synthetic syndication set for measuring near-duplicate detection: wire stories on one topic (the 2017
 * battle of Mosul), each republished by other outlets under other ids with the edits syndication really makes
 * (boilerplate swapped, sentences reworded, a paragraph cut or a local one added), plus hard negatives: other
 * stories on the same topic from the same vocabulary, some quoting the same official statement verbatim.
 *
 * <p>Ground truth is the story: a copy should link to an earlier-published member of its own story (the
 * original or another copy), anything else is a false link; the earliest member of a story should link to
 * nothing. Publication times within a story are distinct (minutes apart), so "earliest" is unambiguous.
 */
public final class SyndicationSet {

    /** What was done to a copy; ORIGINAL for the earliest member of a story, NEGATIVE for stories without copies. */
    public enum Edit { ORIGINAL, NEGATIVE, BOILERPLATE, REWORDED, PARAGRAPH_CUT, PARAGRAPH_ADDED, REWORDED_AND_CUT }

    /** One article of the set. {@code story} is the ground truth; {@code publishedAt} orders a story. */
    public record Doc(String id, String outlet, int story, Edit edit, Instant publishedAt, String body) {
        public boolean isCopy() {
            return edit != Edit.ORIGINAL && edit != Edit.NEGATIVE;
        }
    }

    private static final String[] SUBJECTS = {"Iraqi forces", "The Iraqi army", "Counter-terrorism troops",
        "The Popular Mobilization Forces", "Federal police units", "Kurdish Peshmerga fighters", "ISIS militants",
        "Coalition aircraft", "US advisers", "Government troops", "Local tribal fighters", "Army engineers",
        "Aid workers", "Civil defence teams", "Emergency response division soldiers", "Snipers", "Medics"};
    private static final String[] VERBS = {"advanced into", "pushed toward", "shelled", "cleared", "surrounded",
        "retook", "struck", "withdrew from", "fortified", "searched", "evacuated", "patrolled", "reached",
        "secured", "attacked", "defended", "bombed", "entered"};
    private static final String[] PLACES = {"the old city", "the al-Nuri mosque", "the western bank of the Tigris",
        "the Zanjili district", "the Shifa hospital compound", "the Fifth Bridge", "the airport road",
        "the Bab al-Tob market", "Hammam al-Alil", "the industrial zone", "eastern Mosul", "Tal Afar",
        "the Qayyarah air base", "the university campus", "the Nineveh governorate building", "the Iron Bridge",
        "the al-Maidan neighbourhood", "the railway station"};
    private static final String[] TIMES = {"on Sunday", "on Monday", "early on Tuesday", "late on Wednesday",
        "on Thursday morning", "overnight", "on Friday", "at dawn on Saturday", "this week", "in recent days"};
    private static final String[] SOURCES = {"a military spokesman said", "officials said", "commanders told reporters",
        "residents said", "the interior ministry said in a statement", "a coalition spokesman told reporters",
        "witnesses said", "according to a statement from the joint operations command", "aid agencies said",
        "local officials said by telephone"};
    private static final String[] CLAUSES = {"after weeks of heavy fighting", "despite sniper fire and car bombs",
        "as thousands of civilians fled", "with air support from the US-led coalition",
        "amid warnings of a humanitarian crisis", "while mines slowed the advance",
        "in one of the fiercest battles of the campaign", "as families sheltered in basements",
        "after a night of shelling", "as the last ISIS positions crumbled"};
    private static final String[] FOLLOW_UPS = {"Casualty figures could not be independently verified.",
        "The United Nations said hundreds of thousands remained displaced.",
        "Prime Minister Haider al-Abadi was expected to visit the city.",
        "Human rights groups called for an investigation into civilian deaths.",
        "The militants had held the city since the summer of 2014.",
        "Water and electricity were still cut in many districts.",
        "Russia and Iran welcomed the advance.",
        "Nouri al-Maliki praised the Popular Mobilization Forces.",
        "Engineers began clearing explosives from the streets.",
        "Reconstruction is expected to take years and cost billions of dollars."};
    /** The shared statements: quoted verbatim by unrelated stories (hard negatives). */
    private static final String[] STATEMENTS = {
        "\"We announce to the world the end and the failure and the collapse of the terrorist state of falsehood and terrorism,\" Abadi said in a televised address.",
        "\"The victory belongs to the Iraqi soldier and to the people who stood with him,\" the joint operations command said.",
        "\"The coalition will continue to support our Iraqi partners until ISIS is defeated,\" a coalition statement said.",
        "\"Civilians are paying the highest price in this battle,\" the UN humanitarian coordinator said."};
    private static final String[][] SYNONYMS = {{"said", "stated"}, {"fighters", "militants"}, {"troops", "soldiers"},
        {"city", "town"}, {"heavy", "fierce"}, {"fled", "escaped"}, {"began", "started"}, {"attack", "assault"},
        {"civilians", "residents"}, {"officials", "authorities"}, {"district", "quarter"}, {"advance", "offensive"},
        {"statement", "communique"}, {"reporters", "journalists"}, {"expected", "due"}, {"cut", "out"}};
    private static final String[] OUTLETS = {"Wire", "Alwaght", "Syria Times", "Rudaw", "Al Bawaba", "Gulf News",
        "The National", "Arab News", "Daily Sabah", "Kurdistan24", "Press TV", "Asharq Al-Awsat", "Iraqi News",
        "Baghdad Post", "Middle East Eye"};
    private static final String[] HEADERS = {"", "By Staff Writer", "(Reuters) -", "MOSUL, Iraq (AP) -",
        "Agence France-Presse", "From our correspondent in Erbil", "BAGHDAD -"};
    private static final String[] FOOTERS = {"", "Copyright 2017 The Associated Press. All rights reserved.",
        "Reporting by staff; editing by the news desk.", "Read more: our full coverage of the battle for Mosul.",
        "This article was republished under a syndication agreement.", "Follow us on Twitter and Facebook.",
        "(c) AFP"};

    private SyndicationSet() {
    }

    /**
     * @param stories        stories with copies
     * @param negatives      further stories without copies (same topic, same vocabulary)
     * @param maxCopies      copies per story: 1..maxCopies
     */
    public static List<Doc> generate(long seed, int stories, int negatives, int maxCopies) {
        Random rnd = new Random(seed);
        List<Doc> docs = new ArrayList<>();
        Instant start = Instant.parse("2017-06-01T06:00:00Z");
        for (int s = 0; s < stories + negatives; s++) {
            Instant published = start.plusSeconds(rnd.nextInt(40 * 24) * 3600L + rnd.nextInt(3600));
            List<List<String>> paragraphs = story(rnd);
            boolean hasCopies = s < stories;
            String wireOutlet = OUTLETS[rnd.nextInt(OUTLETS.length)];
            docs.add(new Doc("s" + s + "-0", wireOutlet, s, hasCopies ? Edit.ORIGINAL : Edit.NEGATIVE, published,
                    render(paragraphs, "", "")));
            if (!hasCopies) {
                continue;
            }
            int copies = 1 + rnd.nextInt(maxCopies);
            for (int c = 1; c <= copies; c++) {
                Edit edit = Edit.values()[2 + rnd.nextInt(Edit.values().length - 2)];
                List<List<String>> edited = edit(paragraphs, edit, rnd);
                String header = edit == Edit.BOILERPLATE || rnd.nextBoolean() ? pick(rnd, HEADERS) : "";
                String footer = edit == Edit.BOILERPLATE || rnd.nextBoolean() ? pick(rnd, FOOTERS) : "";
                docs.add(new Doc("s" + s + "-" + c, OUTLETS[rnd.nextInt(OUTLETS.length)], s, edit,
                        published.plusSeconds(60L * c + rnd.nextInt(6 * 3600)), render(edited, header, footer)));
            }
        }
        return docs;
    }

    /** The order the articles are published in (copies after their original, stories interleaved by time). */
    public static List<Doc> inPublicationOrder(List<Doc> docs) {
        List<Doc> sorted = new ArrayList<>(docs);
        sorted.sort((a, b) -> a.publishedAt().compareTo(b.publishedAt()));
        return sorted;
    }

    /** A seeded random arrival order (a backfill, or feeds that lag): copies often arrive before their original. */
    public static List<Doc> shuffled(List<Doc> docs, long seed) {
        List<Doc> shuffled = new ArrayList<>(docs);
        Collections.shuffle(shuffled, new Random(seed));
        return shuffled;
    }

    /**
     * How a linking did against the ground truth.
     *
     * @param copies       copies that arrived after an earlier-published member of their story (should be linked:
     *                     nothing is re-linked later, so a copy that arrives before every earlier member cannot be)
     * @param missed       copies left unlinked
     * @param links        articles linked to something
     * @param falseLinks   links to an article of another story, or from the earliest member of a story to a later one
     * @param missedByEdit copies left unlinked, per kind of edit (of copiesByEdit)
     */
    public record Score(int copies, int missed, int links, int falseLinks, Map<Edit, Integer> missedByEdit,
                        Map<Edit, Integer> copiesByEdit) {
        public double missRate() {
            return copies == 0 ? 0 : (double) missed / copies;
        }

        /** Wrong links among all links made. */
        public double falseLinkRate() {
            return links == 0 ? 0 : (double) falseLinks / links;
        }
    }

    /**
     * Scores {@code links} (article id -> duplicateOf or null) against the stories of {@code arrivals} (the docs in
     * the order they were processed).
     */
    public static Score score(List<Doc> arrivals, Map<String, String> links) {
        Map<String, Doc> byId = new HashMap<>();
        arrivals.forEach(d -> byId.put(d.id(), d));
        // Earliest publication among the members of each story that have arrived so far.
        Map<Integer, Instant> earliestArrived = new HashMap<>();
        List<Doc> docs = new ArrayList<>();
        List<Boolean> linkable = new ArrayList<>();
        for (Doc d : arrivals) {
            Instant earliest = earliestArrived.get(d.story());
            docs.add(d);
            linkable.add(earliest != null && earliest.isBefore(d.publishedAt()));
            earliestArrived.merge(d.story(), d.publishedAt(), (x, y) -> x.isBefore(y) ? x : y);
        }
        int copies = 0;
        int missed = 0;
        int linked = 0;
        int wrong = 0;
        Map<Edit, Integer> missedByEdit = new EnumMap<>(Edit.class);
        Map<Edit, Integer> copiesByEdit = new EnumMap<>(Edit.class);
        for (int i = 0; i < docs.size(); i++) {
            Doc d = docs.get(i);
            String target = links.get(d.id());
            if (linkable.get(i)) {
                copies++;
                copiesByEdit.merge(d.edit(), 1, Integer::sum);
                if (target == null) {
                    missed++;
                    missedByEdit.merge(d.edit(), 1, Integer::sum);
                }
            }
            if (target != null) {
                linked++;
                Doc t = byId.get(target);
                if (t == null || t.story() != d.story() || !t.publishedAt().isBefore(d.publishedAt())) {
                    wrong++;
                }
            }
        }
        return new Score(copies, missed, linked, wrong, missedByEdit, copiesByEdit);
    }

    private static List<List<String>> story(Random rnd) {
        List<List<String>> paragraphs = new ArrayList<>();
        int n = 5 + rnd.nextInt(6);
        for (int p = 0; p < n; p++) {
            List<String> sentences = new ArrayList<>();
            int k = 2 + rnd.nextInt(3);
            for (int i = 0; i < k; i++) {
                sentences.add(rnd.nextInt(12) == 0 ? pick(rnd, STATEMENTS) : sentence(rnd));
            }
            paragraphs.add(sentences);
        }
        return paragraphs;
    }

    private static String sentence(Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> pick(rnd, SUBJECTS) + " " + pick(rnd, VERBS) + " " + pick(rnd, PLACES) + " " + pick(rnd, TIMES)
                    + ", " + pick(rnd, SOURCES) + ".";
            case 1 -> pick(rnd, SUBJECTS) + " " + pick(rnd, VERBS) + " " + pick(rnd, PLACES) + " "
                    + pick(rnd, CLAUSES) + ", " + pick(rnd, SOURCES) + ".";
            case 2 -> capitalise(pick(rnd, TIMES)) + ", " + pick(rnd, SUBJECTS).toLowerCase() + " " + pick(rnd, VERBS)
                    + " " + pick(rnd, PLACES) + " and " + pick(rnd, PLACES) + " " + pick(rnd, CLAUSES) + ".";
            default -> pick(rnd, FOLLOW_UPS);
        };
    }

    private static List<List<String>> edit(List<List<String>> original, Edit edit, Random rnd) {
        List<List<String>> copy = new ArrayList<>();
        original.forEach(p -> copy.add(new ArrayList<>(p)));
        if (edit == Edit.REWORDED || edit == Edit.REWORDED_AND_CUT) {
            int sentences = 1 + rnd.nextInt(3);
            for (int i = 0; i < sentences; i++) {
                List<String> p = copy.get(rnd.nextInt(copy.size()));
                int at = rnd.nextInt(p.size());
                p.set(at, reword(p.get(at), rnd));
            }
        }
        if (edit == Edit.PARAGRAPH_CUT || edit == Edit.REWORDED_AND_CUT) {
            // Syndication trims from the end more often than from the middle.
            copy.remove(rnd.nextInt(3) == 0 ? rnd.nextInt(copy.size()) : copy.size() - 1);
        }
        if (edit == Edit.PARAGRAPH_ADDED) {
            List<String> local = new ArrayList<>();
            local.add(sentence(rnd));
            local.add(sentence(rnd));
            copy.add(rnd.nextBoolean() ? copy.size() : rnd.nextInt(copy.size()), local);
        }
        return copy;
    }

    /** Swaps a synonym or two and sometimes reorders the attribution, as a sub-editor would. */
    private static String reword(String sentence, Random rnd) {
        String s = sentence;
        int swaps = 1 + rnd.nextInt(2);
        for (int i = 0; i < swaps; i++) {
            String[] pair = SYNONYMS[rnd.nextInt(SYNONYMS.length)];
            s = s.replaceFirst("\\b" + pair[0] + "\\b", pair[1]);
        }
        int comma = s.lastIndexOf(", ");
        if (rnd.nextBoolean() && comma > 0 && s.endsWith(".")) {
            String attribution = s.substring(comma + 2, s.length() - 1);
            s = capitalise(attribution) + " that " + s.substring(0, 1).toLowerCase() + s.substring(1, comma) + ".";
        }
        return s;
    }

    private static String render(List<List<String>> paragraphs, String header, String footer) {
        StringBuilder b = new StringBuilder();
        if (!header.isEmpty()) {
            b.append(header).append(' ');
        }
        for (int i = 0; i < paragraphs.size(); i++) {
            if (i > 0) {
                b.append("\n\n");
            }
            b.append(String.join(" ", paragraphs.get(i)));
        }
        if (!footer.isEmpty()) {
            b.append("\n\n").append(footer);
        }
        return b.toString();
    }

    private static String pick(Random rnd, String[] options) {
        return options[rnd.nextInt(options.length)];
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
