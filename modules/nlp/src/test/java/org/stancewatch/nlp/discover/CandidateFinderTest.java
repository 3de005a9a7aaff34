package org.stancewatch.nlp.discover;

import org.junit.jupiter.api.Test;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.match.ActorMatcher;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CandidateFinderTest {

    private static final ActorMatcher MATCHER = new ActorMatcher(ActorCatalogue.starter());

    private static List<Candidate> find(CandidateFinder finder, String text) {
        return finder.find(text, MATCHER.find(text, null));
    }

    @Test
    void unmatchedNamesWithCountsAndNoMatchedActors() {
        // Seed 000 and 001.
        String text = "The spokesman for PMF Karim al-Nouri recently also rejected claims that the US had a role. "
                + "Iraqi armed forces, Tribal Mobilization forces and Peshmerga have fought together. "
                + "Karim al-Nouri said it again.";
        List<Candidate> found = find(new CandidateFinder(), text);
        assertEquals(new Candidate("Karim al-Nouri", 2), found.get(0));
        assertTrue(found.contains(new Candidate("Tribal Mobilization", 1)), found.toString());
        assertTrue(found.stream().noneMatch(c -> c.name().contains("Peshmerga") || c.name().equals("PMF") || c.name().equals("US")), found.toString());
    }

    @Test
    void skipsSentenceInitialCommonWordsMonthsDaysTitlesAndShoutedHeadlines() {
        String text = "Meanwhile, the Iraqi Federal Police seized a camp at al-Bouseif village on Thursday in July.\n"
                + "BATTLE FOR MOSUL: IRAQI FORCES PURGING REMAINING FIGHTERS IN OLD MOSUL\n"
                + "Brig. Gen. Yahia Rasoul said so. Nonetheless, the victory is formal.";
        List<String> names = find(new CandidateFinder(), text).stream().map(Candidate::name).toList();
        assertTrue(names.contains("Yahia Rasoul"), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.contains("Meanwhile") || n.contains("Thursday") || n.contains("July")
                || n.contains("BATTLE") || n.contains("Nonetheless") || n.contains("Brig")), names.toString());
    }

    @Test
    void titleCaseHeadlinesGenericNounsAndSpellingsDifferingInCase() {
        // Seed 001.
        String text = "Iraqi Diplomat to ST: Mosul Liberation Broke ISIS Back, Proved Iraqi People' Unity\n\n"
                + "The Charge de' Affairs of the Iraqi Embassy in Damascus Riad Hassoun al-Tai has underscored it. "
                + "Al-Tai concluded by saying so. The diplomat, al-Tai said, was glad.";
        List<Candidate> found = find(new CandidateFinder(ActorCatalogue.starter()), text);
        List<String> names = found.stream().map(Candidate::name).toList();
        assertTrue(names.contains("Riad Hassoun al-Tai"), names.toString());
        assertTrue(found.contains(new Candidate("al-Tai", 1)) || found.contains(new Candidate("Al-Tai", 1)), found.toString());
        assertTrue(names.stream().noneMatch(n -> n.contains("Liberation") || n.equals("Embassy") || n.contains("Damascus")
                || n.equals("Affairs") || n.equals("Charge")), names.toString());
    }

    @Test
    void catalogueAwareFinderLeavesOutKnownAliasesNotCountedAsMentions() {
        String text = "ISIS cells remain in cities including the capital city of Baghdad, Nouri Maliki said in Diyala, "
                + "where Iranian-backed militias are strong.";
        List<String> plain = find(new CandidateFinder(), text).stream().map(Candidate::name).toList();
        List<String> aware = find(new CandidateFinder(ActorCatalogue.starter()), text).stream().map(Candidate::name).toList();
        assertTrue(plain.contains("Baghdad"), plain.toString());
        assertEquals(List.of("Diyala"), aware);
    }
}
