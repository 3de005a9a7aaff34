package org.stancewatch.nlp.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.catalogue.ActorEntry;
import org.stancewatch.nlp.catalogue.ActorKind;
import org.stancewatch.nlp.neural.NeuralStanceModel;
import org.stancewatch.nlp.stance.StanceSource;

/** #17: a calibration fitted on the held folds of a cross-validation, each scored by the model that did not train on it. */
class StanceCalibrationBuilderTest {
    private static final List<NewsMtscExample> LINES = List.of(
            new NewsMtscExample("Critics say Cruz misled voters on taxes and lied about it again.", 12, 16, "Cruz", -1),
            new NewsMtscExample("Cruz spoke to reporters in Houston on Tuesday.", 0, 4, "Cruz", 0),
            new NewsMtscExample("Voters praised Cruz for his courage and his steady leadership.", 15, 19, "Cruz", 1),
            new NewsMtscExample("The senator said Cruz had betrayed the party and should resign.", 17, 21, "Cruz", -1),
            new NewsMtscExample("Cruz will attend the meeting next week, his office said.", 0, 4, "Cruz", 0),
            new NewsMtscExample("Supporters cheered as Cruz won a hard-fought and admirable victory.", 22, 26, "Cruz", 1));

    /** The committed default model written out as a fold model (file + .sha256), as train stance --cv --fold-models writes one. */
    private static void committedModelAs(Path bin) throws IOException {
        String resource = NeuralStanceModel.Variant.MARKED_POOLED.resource();
        try (InputStream m = NeuralStanceModel.class.getResourceAsStream(resource);
                InputStream sum = NeuralStanceModel.class.getResourceAsStream(resource + ".sha256")) {
            Files.write(bin, m.readAllBytes());
            Files.write(bin.resolveSibling(bin.getFileName() + ".sha256"), sum.readAllBytes());
        }
    }

    @Test
    void foldsScoredByTheirOwnModelsAddUpToOneCalibration(@TempDir Path dir) throws IOException {
        ArticleAnalyzer analyzer = new ArticleAnalyzer(ActorCatalogue.starter(), StanceSource.NOPARSE);
        Path lines = dir.resolve("lines.jsonl");
        NewsMtscExample.write(lines, LINES);
        assertEquals(LINES, NewsMtscExample.read(lines), "written JSONL reads back");
        String inSample = StanceCalibrationBuilder.build(lines, analyzer, new PrintStream(new ByteArrayOutputStream())).toJson("p").toString();

        // One fold holding every line, scored by a file with the committed model's bytes: the same calibration.
        Path folds = Files.createDirectory(dir.resolve("folds"));
        committedModelAs(folds.resolve("fold-1.bin"));
        NewsMtscExample.write(folds.resolve("fold-1-held.jsonl"), LINES);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        StanceCalibrationBuilder.OutOfFold one = StanceCalibrationBuilder.buildOutOfFold(folds, analyzer,
                new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(inSample, one.calibration().toJson("p").toString());
        assertEquals(1, one.folds());
        assertEquals(LINES.size(), one.sentences());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("fold-1-held.jsonl: 6 sentences"), log.toString(StandardCharsets.UTF_8));

        // Two folds splitting the lines: their counts add up to the one fold's.
        Files.delete(folds.resolve("fold-1-held.jsonl"));
        NewsMtscExample.write(folds.resolve("fold-1-held.jsonl"), LINES.subList(0, 4));
        committedModelAs(folds.resolve("fold-2.bin"));
        NewsMtscExample.write(folds.resolve("fold-2-held.jsonl"), LINES.subList(4, 6));
        StanceCalibrationBuilder.OutOfFold two = StanceCalibrationBuilder.buildOutOfFold(folds, analyzer, new PrintStream(new ByteArrayOutputStream()));
        assertEquals(2, two.folds());
        assertEquals(LINES.size(), two.sentences());
        // Each line's actor and headline come from its index in its own file, so compare the counts, not the layout.
        assertEquals(total(one), total(two));
    }

    private static long total(StanceCalibrationBuilder.OutOfFold r) {
        long n = 0;
        for (long[] row : r.calibration().confusion()) for (long cell : row) n += cell;
        return n;
    }

    @Test
    void theAnalyserNamesTheFoldModelItRuns(@TempDir Path dir) throws IOException {
        Path bin = dir.resolve("fold-1.bin");
        committedModelAs(bin);
        ArticleAnalyzer analyzer = new ArticleAnalyzer(ActorCatalogue.starter(), StanceSource.NOPARSE);
        try (NeuralStanceModel m = NeuralStanceModel.load(bin, 1, analyzer.neuralModel().mark())) {
            String sha = NeuralStanceModel.fileSha256(bin);
            String v = analyzer.withNeuralModel(m, sha).analyzerVersion();
            assertTrue(v.contains("+neural-file-" + sha.substring(0, 12) + "-pooled"), v);
            assertTrue(!v.equals(analyzer.analyzerVersion()));
        }
    }

    @Test
    void aFoldWithoutItsHeldExamplesOrNoFoldsAtAllIsNamed(@TempDir Path dir) throws IOException {
        ArticleAnalyzer analyzer = new ArticleAnalyzer(ActorCatalogue.starter(), StanceSource.NOPARSE);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        IOException none = assertThrows(IOException.class, () -> StanceCalibrationBuilder.buildOutOfFold(dir, analyzer, quiet));
        assertTrue(none.getMessage().contains(dir + ": no fold-K.bin files"), none.getMessage());
        IOException absent = assertThrows(IOException.class,
                () -> StanceCalibrationBuilder.buildOutOfFold(dir.resolve("nope"), analyzer, quiet));
        assertTrue(absent.getMessage().contains("nope: no such directory"), absent.getMessage());
        committedModelAs(dir.resolve("fold-3.bin"));
        IOException held = assertThrows(IOException.class, () -> StanceCalibrationBuilder.buildOutOfFold(dir, analyzer, quiet));
        assertTrue(held.getMessage().contains("fold-3-held.jsonl are missing"), held.getMessage());
    }

    /** Adding a person to the catalogue must not change which name each evaluation sentence gets. */
    @Test
    void theEvaluationPersonsAreFrozenAgainstCatalogueGrowth() {
        ActorCatalogue starter = ActorCatalogue.starter();
        List<ActorEntry> persons = StanceCalibrationBuilder.persons(starter);
        assertTrue(persons.size() >= 100 && persons.stream().allMatch(e -> e.type() == ActorKind.PERSON), persons.toString());
        List<ActorEntry> grown = new java.util.ArrayList<>(starter.all());
        grown.add(new ActorEntry("aaron-newcomer", "Aaron Newcomer", ActorKind.PERSON, List.of("Aaron Newcomer"), null, null, null, null, null));
        assertEquals(persons.stream().map(ActorEntry::id).toList(),
                StanceCalibrationBuilder.persons(ActorCatalogue.of(grown)).stream().map(ActorEntry::id).toList());
        // A listed person the catalogue lost is an error naming it, not a silent re-draw.
        List<ActorEntry> shrunk = starter.all().stream().filter(e -> !e.id().equals(persons.get(0).id())).toList();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StanceCalibrationBuilder.persons(ActorCatalogue.of(shrunk)));
        assertTrue(e.getMessage().contains(persons.get(0).id()) && e.getMessage().contains(StanceCalibrationBuilder.PERSONS_RESOURCE), e.getMessage());
    }
}
