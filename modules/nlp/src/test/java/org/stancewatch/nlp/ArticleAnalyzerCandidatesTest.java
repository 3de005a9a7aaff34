package org.stancewatch.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.discover.Candidate;

/**
 * Candidates are names the catalogue lacks. The analyser must not report a tracked actor's demonym or capital
 * just because it was no mention in that sentence ("Iraqi people", "in Baghdad"). No sentence here names an
 * actor, so nothing is parsed and the test needs no ClearNLP models.
 */
class ArticleAnalyzerCandidatesTest {

    @Test
    void demonymsAndCapitalsOfTrackedActorsAreNoCandidates() {
        String body = "Thousands of Iraqi families fled west on Monday. Aid workers in Baghdad said Karim al-Nouri "
                + "organised the convoys. Syrian refugees joined them later. Karim al-Nouri flew to Ankara on Tuesday, "
                + "and the Turkish people welcomed him. Later, in Baghdad, officials met him again.";

        List<String> names = new ArticleAnalyzer(ActorCatalogue.starter())
                .analyze("Convoys leave the city", body, LocalDate.of(2017, 7, 10))
                .candidates().stream().map(Candidate::name).toList();

        assertEquals(List.of("Karim al-Nouri"), names);
    }
}
