package org.stancewatch.app.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.nlp.neural.StanceTrainer;
import picocli.CommandLine;

/** {@code train stance}: --dev chooses the epoch, --cv K cross-validates without it; misuse is named before PyTorch loads. */
class TrainOptionTest {

    @TempDir
    Path dir;

    @Test
    void devIsRequiredUnlessCrossValidatingAndCrossValidationWritesNoModel() throws Exception {
        Path train = Files.writeString(dir.resolve("train.jsonl"), "{}\n");
        String noDev = EvalHalfOptionTest.failingRunsError(List.of("train", "stance", "--train", train.toString()));
        assertTrue(noDev.contains("--dev FILE is required") && noDev.contains("--cv K"), noDev);
        String out = EvalHalfOptionTest.failingRunsError(List.of("train", "stance", "--train", train.toString(), "--cv", "5", "--out",
                dir.resolve("m.bin").toString()));
        assertTrue(out.contains("--out cannot be used with it"), out);
        String one = EvalHalfOptionTest.failingRunsError(List.of("train", "stance", "--train", train.toString(), "--cv", "1"));
        assertTrue(one.contains("--cv needs at least 2 folds, got 1"), one);
        String missing = EvalHalfOptionTest.failingRunsError(List.of("train", "stance", "--train", dir.resolve("nope.jsonl").toString(),
                "--cv", "5"));
        assertTrue(missing.contains("nope.jsonl"), missing);
        String folds = EvalHalfOptionTest.failingRunsError(List.of("train", "stance", "--train", train.toString(), "--dev", train.toString(),
                "--fold-models", dir.resolve("folds").toString()));
        assertTrue(folds.contains("use it with --cv K"), folds);
    }

    @Test
    void aLayerDecayOutsideZeroToOneIsRefusedNamingTheOption() throws Exception {
        Path train = Files.writeString(dir.resolve("train.jsonl"), "{}\n");
        String zero = EvalHalfOptionTest.failingRunsError(List.of("train", "stance", "--train", train.toString(), "--cv", "5",
                "--layer-decay", "0"));
        assertTrue(zero.contains("--layer-decay: layer decay must be in (0, 1], got 0.0"), zero);
        String above = EvalHalfOptionTest.failingRunsError(List.of("train", "stance", "--train", train.toString(), "--cv", "5",
                "--layer-decay", "1.5"));
        assertTrue(above.contains("--layer-decay: layer decay must be in (0, 1], got 1.5"), above);
    }

    @Test
    void withoutOptionsItTrainsTheCommittedModelsRecipe() {
        TrainCommand.Stance stance = new TrainCommand.Stance();
        new CommandLine(stance).parseArgs("--train", "t.jsonl", "--dev", "d.jsonl");
        StanceTrainer.Options recipe = StanceTrainer.Options.defaults(Path.of("t.jsonl"), Path.of("d.jsonl"), null);
        // The model card's command: --epochs 2 --seed 13 --encoder-lr 5e-5 (head lr 1e-3, batch 16, marked target).
        assertEquals(2, stance.epochs);
        assertEquals(5e-5f, stance.encoderLr);
        assertEquals(recipe.epochs(), stance.epochs);
        assertEquals(recipe.encoderLr(), stance.encoderLr);
        assertEquals(recipe.headLr(), stance.headLr);
        assertEquals(recipe.batch(), stance.batch);
        assertEquals(recipe.seed(), stance.seed);
        assertEquals(recipe.threads(), stance.threads);
        assertEquals(recipe.targetMark(), stance.targetMark);
    }
}
