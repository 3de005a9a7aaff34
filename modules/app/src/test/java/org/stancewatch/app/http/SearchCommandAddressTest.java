package org.stancewatch.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.app.ApiAddress;
import org.stancewatch.app.search.ArticleIndex;

/** `stancewatch search` without --api-url: the address `run` recorded in the data dir, else the default; a dead one is named. */
class SearchCommandAddressTest {
    @TempDir
    Path dir;

    private static int deadPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void findsTheRunningAppThroughTheDataDir_andNamesTheUrlWhenNothingAnswers() throws Exception {
        try (ArticleIndex index = ArticleIndex.inMemory()) {
            for (org.stancewatch.events.EnrichedArticle a : Fixtures.articles()) {
                index.put(a);
            }
            index.commit(java.util.Map.of());
            try (ApiServer api = new ApiServer(InMemoryQueries.withFixtures()).search(index).start("127.0.0.1", 0)) {
                Files.writeString(dir.resolve(ApiAddress.FILE), "http://127.0.0.1:" + api.port() + "/\n");
                SearchEndToEndTest.CliRun found = SearchEndToEndTest.cli("search", "praised", "--data-dir", dir.toString());
                assertEquals(0, found.code(), found.err());
                assertTrue(found.out().startsWith("2 article(s) for praised:"), found.out());
                assertTrue(found.out().contains("a1"), found.out());
            }
        }

        // The recorded app is gone: the error names the URL and where it came from.
        int dead = deadPort();
        Files.writeString(dir.resolve(ApiAddress.FILE), "http://127.0.0.1:" + dead + "/\n");
        SearchEndToEndTest.CliRun gone = SearchEndToEndTest.cli("search", "praised", "--data-dir", dir.toString());
        assertNotEquals(0, gone.code());
        assertTrue(gone.err().contains("nothing answers at http://127.0.0.1:" + dead + "/ (recorded by `stancewatch run` in "
                + dir.toAbsolutePath().resolve(ApiAddress.FILE) + ")"), gone.err());
        assertTrue(gone.err().contains("pass --api-url"), gone.err());

        // --api-url wins over the data dir, and is named when dead too.
        SearchEndToEndTest.CliRun explicit = SearchEndToEndTest.cli("search", "x", "--data-dir", dir.toString(),
                "--api-url", "http://127.0.0.1:" + dead);
        assertTrue(explicit.err().contains("nothing answers at http://127.0.0.1:" + dead + " (--api-url)"), explicit.err());

        // No run recorded anything: the documented default port.
        Path empty = Files.createDirectories(dir.resolve("empty"));
        ApiAddress fallback = ApiAddress.resolve(null, empty);
        assertEquals("http://127.0.0.1:8080/", fallback.url());
        assertTrue(fallback.source().startsWith("the default"), fallback.source());
        assertEquals("http://127.0.0.1:8080/api/search?q=x", fallback.resolvePath("/api/search?q=x"));
    }
}
