package org.stancewatch.app.commands;

import java.time.ZoneId;
import java.time.ZoneOffset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.ActorMention;
import org.stancewatch.events.EnrichedArticle;

/**
 * Issue #14.4 without a cluster: when the demo's table counts as complete, and that its throwaway directory
 * goes however the demo ends.
 */
class DemoWaitAndCleanupTest {

    private static EnrichedArticle article(String id, String... actors) {
        List<ActorMention> mentions = new ArrayList<>();
        for (String actor : actors) {
            mentions.add(ActorMention.newBuilder().setActorId(actor).setActorName(actor).setActorType("OTHER")
                    .setCount(1).setSpans(List.of()).build());
        }
        return EnrichedArticle.newBuilder().setId(id).setTitle(id).setBody("b").setPublishedDate(LocalDate.of(2017, 7, 8))
                .setIngestedAt(Instant.parse("2026-12-01T00:00:00Z")).setLanguage("en").setMentions(mentions)
                .setStances(List.of()).setCandidates(List.of()).setEnricherVersion("t").build();
    }

    private static ActorDay row(String actor, String outlet, int articles) {
        return ActorDay.newBuilder().setActorId(actor).setActorName(actor).setDay(LocalDate.of(2017, 7, 8))
                .setOutlet(outlet).setMentions(articles).setArticles(articles).setOutlets(1)
                .setFavor(0).setAgainst(0).setNeutral(articles).setMixed(0).setNetStance(0).setMeanScore(0).build();
    }

    @Test
    void theTableIsCompleteOnlyWhenEveryActorRowOfEveryArticleCountsIt() {
        Map<String, EnrichedArticle> store = Map.of("a1", article("a1", "isis", "iraq"), "a2", article("a2", "isis"),
                "a3", article("a3"));
        Set<String> ids = Set.of("a1", "a2", "a3");
        ZoneId utc = ZoneOffset.UTC;

        // The first demo stopped waiting as soon as an article showed on any row: here isis, not yet iraq.
        assertEquals(List.of("row iraq|2017-07-08 counts 0 of its 1 articles"),
                DemoCommand.missing(ids, store::get, List.of(row("isis", null, 2)), utc));
        // A row that has counted one of its two articles is not complete.
        assertEquals(List.of("row isis|2017-07-08 counts 1 of its 2 articles"),
                DemoCommand.missing(ids, store::get, List.of(row("isis", null, 1), row("iraq", null, 1)), utc));
        // A per-outlet row is not the table's row.
        assertEquals(1, DemoCommand.missing(ids, store::get,
                List.of(row("isis", null, 2), row("iraq", "Alwaght", 1)), utc).size());

        assertEquals(List.of(), DemoCommand.missing(ids, store::get,
                List.of(row("isis", null, 2), row("iraq", null, 1)), utc), "a3 mentions nobody: enriched is enough");

        assertEquals(List.of("article a4 not enriched yet"), DemoCommand.missing(Set.of("a4"), store::get, List.of(), utc));
    }

    @Test
    void aThrowawayDirectoryIsDeletedAfterTheRuntimeStops_onSuccessOrError(@TempDir Path tmp) throws Exception {
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        AtomicBoolean dirStillThereWhenStopped = new AtomicBoolean();
        Path dir;
        try (DemoWorkspace w = DemoWorkspace.open(null, tmp, log)) {
            dir = w.dir();
            assertTrue(dir.startsWith(tmp));
            Files.createDirectories(dir.resolve("cluster/kafka"));
            Files.writeString(dir.resolve("cluster/kafka/00000.log"), "x".repeat(1000));
            w.running(() -> dirStillThereWhenStopped.set(Files.exists(dir.resolve("cluster/kafka/00000.log"))));
        }
        assertTrue(dirStillThereWhenStopped.get(), "the runtime is stopped before its files go");
        assertFalse(Files.exists(dir));

        Path[] failed = new Path[1];
        assertThrows(IllegalStateException.class, () -> {
            try (DemoWorkspace w = DemoWorkspace.open(null, tmp, log)) {
                failed[0] = w.dir();
                Files.writeString(w.dir().resolve("endpoints.properties"), "x");
                throw new IllegalStateException("the pipeline failed to start");
            }
        });
        assertFalse(Files.exists(failed[0]));
        try (var left = Files.list(tmp)) {
            assertEquals(0, left.count(), "nothing left in the temporary directory");
        }
    }

    @Test
    void ctrlCRunsTheShutdownHook_whichStopsAndCleansUp_andADirectoryTheUserNamedIsKept(@TempDir Path tmp)
            throws Exception {
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        DemoWorkspace w = DemoWorkspace.open(null, tmp, log);
        AtomicBoolean stopped = new AtomicBoolean();
        w.running(() -> stopped.set(true));
        Files.writeString(w.dir().resolve("state"), "x");
        Thread hook = w.shutdownHook();
        assertTrue(Runtime.getRuntime().removeShutdownHook(hook), "registered as a shutdown hook");
        hook.start(); // what the JVM does on Ctrl-C
        hook.join();
        assertTrue(stopped.get());
        assertFalse(Files.exists(w.dir()));
        w.close(); // the demo's own close afterwards is a no-op

        Path mine = tmp.resolve("my-demo");
        Files.createDirectories(mine);
        try (DemoWorkspace kept = DemoWorkspace.open(mine, tmp.resolve("unused"), log)) {
            Files.writeString(kept.dir().resolve("state"), "x");
        }
        assertTrue(Files.exists(mine.resolve("state")), "--data-dir is the user's");
    }
}
