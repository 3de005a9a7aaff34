package org.stancewatch.nlp.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SentenceSplitterTest {

    private final SentenceSplitter splitter = new SentenceSplitter();

    private List<String> texts(String text) {
        return splitter.split(text).stream().map(Sentence::text).toList();
    }

    @Test
    void splitsSentencesGluedTogetherByScraping() {
        // Seed 002.
        String text = "eliminating the ISIS and other terrorist groups completely.The Syrian people and army are going ahead.";
        assertEquals(List.of("eliminating the ISIS and other terrorist groups completely.",
                "The Syrian people and army are going ahead."), texts(text));
    }

    @Test
    void doesNotSplitAfterTitlesOrInitials() {
        // Seed 004 and 003.
        assertEquals(List.of("Brig. Gen. Yahia Rasoul, Iraqi Joint Operations Command Spokesman, said that ISF have captured the entire Old Mosul area."),
                texts("Brig. Gen. Yahia Rasoul, Iraqi Joint Operations Command Spokesman, said that ISF have captured the entire Old Mosul area."));
        assertEquals(List.of("The U.S. -led coalition warned that victory in Mosul did not mark the end."),
                texts("The U.S. -led coalition warned that victory in Mosul did not mark the end."));
    }

    @Test
    void keepsQuotedSpeechWithItsAttributionAndSplitsBeforeANewQuote() {
        // Seed 000 (curly quotes in the original).
        String text = "“This victory is not final – there are sleeper cells even in Diyala,” Maliki said. “They say this,” he added.";
        assertEquals(List.of("“This victory is not final – there are sleeper cells even in Diyala,” Maliki said.",
                "“They say this,” he added."), texts(text));
    }

    @Test
    void quoteClosingAfterTheFullStopStaysInTheSentence() {
        String text = "\"The victories recently achieved by Syrian army in Badia are one of the results.\" The diplomat said.";
        assertEquals(List.of("\"The victories recently achieved by Syrian army in Badia are one of the results.\"", "The diplomat said."), texts(text));
    }

    @Test
    void headlinesOnTheirOwnLineAreSentencesButWrappedLinesRunOn() {
        String text = "Double blow\n\nThe military blow delivered to this terror organization coincided\nwith a political blow.";
        assertEquals(List.of("Double blow", "The military blow delivered to this terror organization coincided\nwith a political blow."), texts(text));
    }

    @Test
    void offsetsPointIntoTheOriginalText() {
        String text = "  Iraq’s enemies lost.  “Yes,” he said.\n";
        for (Sentence s : splitter.split(text)) {
            assertEquals(s.text(), text.substring(s.start(), s.end()));
        }
        assertEquals(2, splitter.split(text).size());
    }

    @Test
    void decimalsAndEmptyInput() {
        assertEquals(List.of("It cost 1.5 billion US dollars."), texts("It cost 1.5 billion US dollars."));
        assertEquals(List.of(), texts(""));
    }
}
