package org.stancewatch.nlp.stance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.neural.NeuralStanceModel;
import org.stancewatch.nlp.neural.NeuralStanceModel.Variant;

/** Which committed model each stance source runs, and that the property still overrides it. */
class StanceSourceModelTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(NeuralStanceModel.MODEL_PROPERTY);
    }

    @Test
    void noParseRunsTheModelWithoutItsMarkerAndTheOthersWithIt() {
        assertEquals(Variant.MARKED_POOLED, StanceSource.NOPARSE.neuralModel());
        assertEquals(Variant.MARKED, StanceSource.FUSED.neuralModel());
        assertEquals(Variant.MARKED, StanceSource.NEURAL.neuralModel());
        // The enriched articles name it, so moving NOPARSE to the one-pass model re-enriches (and so does its learned
        // article decision, which only NOPARSE runs).
        String noparse = ArticleAnalyzer.version(StanceSource.NOPARSE);
        assertEquals(true, noparse.matches(".*-pooled\\+decision-[0-9a-f]{12}"), noparse);
        assertEquals(false, ArticleAnalyzer.version(StanceSource.FUSED).contains("-pooled"));
        assertEquals(false, ArticleAnalyzer.version(StanceSource.FUSED).contains("+decision-"));
    }

    @Test
    void theModelPropertyOverridesEverySource() {
        System.setProperty(NeuralStanceModel.MODEL_PROPERTY, "marked");
        assertEquals(Variant.MARKED, StanceSource.NOPARSE.neuralModel());
        System.setProperty(NeuralStanceModel.MODEL_PROPERTY, "marked-pooled");
        assertEquals(Variant.MARKED_POOLED, StanceSource.FUSED.neuralModel());
    }
}
