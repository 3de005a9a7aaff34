package org.stancewatch.app.commands;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stancewatch.app.UserException;
import org.stancewatch.pipeline.enrich.DedupSimulation;
import org.stancewatch.pipeline.enrich.SimHash;
import org.stancewatch.pipeline.enrich.synthetic.SyndicationSet;
import org.stancewatch.pipeline.enrich.synthetic.SyndicationSet.Doc;
import org.stancewatch.pipeline.enrich.synthetic.SyndicationSet.Edit;
import org.stancewatch.pipeline.enrich.synthetic.SyndicationSet.Score;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * False-link and miss rates of near-duplicate linking on a generated syndication set, for the single-partition
 * funnel it replaced (old) and the partition-parallel banded rule (new), replayed with the pipeline's own SimHash
 * and rule (a pipeline test holds the topology to the same replay).
 */
@Command(name = "dedup", mixinStandardHelpOptions = true,
        description = "Near-duplicate linking on a seeded synthetic syndication set (copies with edits under other ids "
                + "and outlets, plus same-topic stories as hard negatives): false-link and miss rates, old funnel vs "
                + "new banded rule, in publication order and in a shuffled order. Last line: "
                + "old_false_link=<x> old_miss=<x> new_false_link=<x> new_miss=<x> (publication order)")
final class EvalDedupCommand implements Callable<Integer> {

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--stories", defaultValue = "300", description = "Stories with copies (default: ${DEFAULT-VALUE}).")
    int stories;

    @Option(names = "--negatives", defaultValue = "700",
            description = "Further same-topic stories without copies (default: ${DEFAULT-VALUE}).")
    int negatives;

    @Option(names = "--max-copies", defaultValue = "4", description = "Copies per story, 1..N (default: ${DEFAULT-VALUE}).")
    int maxCopies;

    @Option(names = "--max-distance", paramLabel = "K",
            description = "Also try the new rule with this Hamming distance and K+1 bands (default: the pipeline's, "
                    + SimHash.MAX_DUPLICATE_DISTANCE + ", only).")
    List<Integer> alternatives = new ArrayList<>();

    @Override
    public Integer call() {
        if (stories < 1 || negatives < 0 || maxCopies < 1) {
            throw new UserException("--stories and --max-copies must be >= 1, --negatives >= 0");
        }
        for (int k : alternatives) {
            if (k < 0 || k + 1 > SimHash.BITS) {
                throw new UserException("--max-distance " + k + ": must be 0.." + (SimHash.BITS - 1));
            }
        }
        PrintStream out = System.out;
        List<Doc> docs = SyndicationSet.generate(seed, stories, negatives, maxCopies);
        long copies = docs.stream().filter(Doc::isCopy).count();
        out.printf("syndication set: seed %d, %d articles = %d stories with %d copies + %d same-topic negatives%n",
                seed, docs.size(), stories, copies, negatives);
        out.printf("pipeline: SimHash %d bits, distance <= %d, %d bands%n", SimHash.BITS,
                SimHash.MAX_DUPLICATE_DISTANCE, SimHash.BANDS);
        out.println("miss = copies left unlinked / copies that arrived after an earlier-published member of their story;");
        out.println("false link = links to another story / links made");
        out.println();
        out.printf("%-10s %-26s %6s %6s %7s %7s %7s  misses by edit%n", "order", "rule", "links", "false", "rate",
                "missed", "rate");
        Score oldPublished = null;
        Score newPublished = null;
        for (String order : List.of("published", "shuffled")) {
            List<Doc> arrivals = order.equals("published") ? SyndicationSet.inPublicationOrder(docs)
                    : SyndicationSet.shuffled(docs, seed + 1);
            List<DedupSimulation.Arrival> input = arrivals.stream()
                    .map(d -> new DedupSimulation.Arrival(d.id(), SimHash.of(d.body()), d.publishedAt().toEpochMilli()))
                    .toList();
            Score old = SyndicationSet.score(arrivals,
                    DedupSimulation.funnel(input, SimHash.MAX_DUPLICATE_DISTANCE));
            Score banded = SyndicationSet.score(arrivals,
                    DedupSimulation.banded(input, SimHash.BANDS, SimHash.MAX_DUPLICATE_DISTANCE));
            print(out, order, "old funnel (k=" + SimHash.MAX_DUPLICATE_DISTANCE + ")", old);
            print(out, order, "new banded (k=" + SimHash.MAX_DUPLICATE_DISTANCE + ", " + SimHash.BANDS + " bands)", banded);
            for (int k : alternatives) {
                print(out, order, "new banded (k=" + k + ", " + (k + 1) + " bands)",
                        SyndicationSet.score(arrivals, DedupSimulation.banded(input, k + 1, k)));
            }
            if (order.equals("published")) {
                oldPublished = old;
                newPublished = banded;
            }
        }
        out.printf("old_false_link=%.4f old_miss=%.4f new_false_link=%.4f new_miss=%.4f (publication order, %d articles, %d copies)%n",
                oldPublished.falseLinkRate(), oldPublished.missRate(), newPublished.falseLinkRate(),
                newPublished.missRate(), docs.size(), newPublished.copies());
        return 0;
    }

    private static void print(PrintStream out, String order, String rule, Score s) {
        StringBuilder byEdit = new StringBuilder();
        for (Map.Entry<Edit, Integer> e : s.copiesByEdit().entrySet()) {
            byEdit.append(' ').append(e.getKey().name().toLowerCase()).append(' ')
                    .append(s.missedByEdit().getOrDefault(e.getKey(), 0)).append('/').append(e.getValue());
        }
        out.printf("%-10s %-26s %6d %6d %7.4f %7d %7.4f %s%n", order, rule, s.links(), s.falseLinks(),
                s.falseLinkRate(), s.missed(), s.missRate(), byEdit);
    }
}
