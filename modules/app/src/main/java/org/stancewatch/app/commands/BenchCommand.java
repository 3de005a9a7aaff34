package org.stancewatch.app.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.stancewatch.app.UserException;
import org.stancewatch.embedded.EmbeddedCluster;
import org.stancewatch.events.Topics;
import org.stancewatch.ingest.FeedBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput benchmarks on a fresh embedded cluster. Each prints its figure next to a baseline measured
 * in the same run, because absolute rates on a shared 2-core machine say little.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks against a throwaway embedded cluster; each prints a ratio to a same-run baseline.",
        subcommands = {BenchCommand.Feed.class, BenchPipelineCommand.class, BenchScaleCommand.class})
public final class BenchCommand implements Runnable {

    @Override
    public void run() {
        throw new UserException("choose a benchmark: feed, pipeline or scale (see `stancewatch bench --help`)");
    }

    static Path seeds(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserException("seed directory " + dir + " not found: the benchmarks build articles from its "
                    + "sentences (run from the project root or pass --seeds DIR)");
        }
        return dir;
    }

    /** Benchmarks leave nothing behind: their cluster directory goes when they end. */
    static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a leftover temp directory is harmless
        }
    }

    @Command(name = "feed", mixinStandardHelpOptions = true,
            description = "Articles/s published as Avro through the registry, next to a raw-bytes producer of the same bytes.")
    static final class Feed implements Callable<Integer> {
        @Option(names = "--count", defaultValue = "100000", description = "Articles to send (default: ${DEFAULT-VALUE}).")
        int count;

        @Option(names = "--seeds", defaultValue = "seeds", description = "Sentence material (default: ${DEFAULT-VALUE}).")
        Path seedsDir;

        @Override
        public Integer call() throws Exception {
            if (count < 10) {
                throw new UserException("--count must be at least 10, was " + count);
            }
            Path dir = Files.createTempDirectory("stancewatch-bench-");
            try (EmbeddedCluster cluster = EmbeddedCluster.start(dir, 0, 0)) {
                var config = new java.util.HashMap<String, Object>();
                config.put("schema.registry.url", cluster.registryUrl());
                FeedBenchmark.Result r = FeedBenchmark.run(cluster.bootstrapServers(), config, Topics.ARTICLES, count,
                        seeds(seedsDir));
                System.out.println(r.describe());
            } finally {
                deleteQuietly(dir);
            }
            return 0;
        }
    }
}
