package org.stancewatch.app.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.stancewatch.app.UserException;
import org.stancewatch.app.eval.FeedArticleReader;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.eval.GoldEval;
import org.stancewatch.nlp.stance.StanceSource;
import org.stancewatch.nlp.eval.NewsMtscEval;
import org.stancewatch.nlp.eval.ReaderAgreement;
import org.stancewatch.nlp.eval.StanceCalibrationBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Quality figures; each subcommand prints its headline figure as its last line. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Measure quality: stance F1 on NewsMTSC, actor/stance agreement with hand labels, alert recall, "
                + "near-duplicate false-link and miss rates.",
        subcommands = {EvalCommand.NewsMtsc.class, EvalCommand.Gold.class, EvalCommand.Readers.class, EvalAlertsCommand.class,
                EvalDedupCommand.class})
public final class EvalCommand implements Runnable {

    @Override
    public void run() {
        throw new UserException("choose what to evaluate: newsmtsc, gold, readers, alerts or dedup (see `stancewatch eval --help`)");
    }

    static StanceSource parse(String s) {
        try {
            return StanceSource.parse(s);
        } catch (IllegalArgumentException e) {
            throw new UserException("--stance: " + e.getMessage());
        }
    }

    static Path existing(Path p, String what) {
        if (!Files.exists(p)) {
            throw new UserException(what + " " + p + " does not exist");
        }
        return p;
    }

    /** --half all|first|second of a labelled file (the calibration is fitted on the first half of dev). */
    static StanceCalibrationBuilder.Half half(String value) {
        try {
            return StanceCalibrationBuilder.Half.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UserException("--half: " + e.getMessage());
        }
    }

    @Command(name = "newsmtsc", mixinStandardHelpOptions = true,
            description = "Sentence-level target stance on a NewsMTSC-format JSONL file (sentence, from, to, mention, polarity). "
                    + "Last line: n=<count> acc=<x.xxx> F1m=<x.xxx> (with --via-article: of the article path)")
    static final class NewsMtsc implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "e.g. ../shared/data/newsmtsc/dev.jsonl")
        Path file;

        @Option(names = "--stance", paramLabel = "SOURCE",
                description = "noparse (MiniLM + holders from the words, FUSED's article decision, no ClearNLP), fused "
                        + "(MiniLM + rules over ClearNLP parses; needs -Xmx4g or more), classic (hashed model + rules; ClearNLP), "
                        + "neural (fine-tuned MiniLM alone) or rules (rules alone; ClearNLP); default: the analyser's "
                        + "(-Dstancewatch.stance / STANCEWATCH_STANCE, else noparse).")
        String stance;

        @Option(names = "--via-article",
                description = "Score the article path instead: each sentence as a one-sentence article about a tracked person "
                        + "(as `eval alerts --text` builds them), judged by the article's stance; prints the tagged vs true class "
                        + "shares too.")
        boolean viaArticle;

        @Option(names = "--half", paramLabel = "HALF", defaultValue = "all",
                description = "With --via-article: all lines, or the first or second half of the file (default: ${DEFAULT-VALUE}).")
        String half;

        @Override
        public Integer call() throws Exception {
            Path f = existing(file, "NewsMTSC file");
            if (viaArticle) {
                if ("rules".equals(stance)) {
                    throw new UserException("--via-article needs an analyser stance source (classic, neural, fused or noparse), not rules");
                }
                StanceCalibrationBuilder.Half h = half(half);
                StanceCalibrationBuilder.evalArticlePath(f, h,
                        new ArticleAnalyzer(ActorCatalogue.starter(), stance == null ? StanceSource.configured() : parse(stance)), System.out);
            } else if ("rules".equals(stance)) {
                NewsMtscEval.rulesAlone(f, System.out);
            } else {
                NewsMtscEval.run(f, stance == null ? StanceSource.configured() : parse(stance), System.out);
            }
            return 0;
        }
    }

    @Command(name = "gold", mixinStandardHelpOptions = true,
            description = "Actor tagging P/R/F1 (and precision per alias kind) and article stance agreement and macro-F1 "
                    + "against hand labels (seed-gold.json format), next to the always-NEUTRAL baseline on the same pairs. "
                    + "Last line: pairs=<n> stance_agree=<k> actor_f1=<x.xxx> stance_f1m=<x.xxx> agree=<x.xxx> f1m=<x.xxx> "
                    + "neutral_agree=<x.xxx> neutral_f1m=<x.xxx> actor_p=<x.xxx> actor_r=<x.xxx>")
    static final class Gold implements Callable<Integer> {
        @Parameters(paramLabel = "GOLD_JSON", description = "e.g. eval/seed-gold.json")
        Path gold;

        @Option(names = "--articles", paramLabel = "DIR", defaultValue = "seeds",
                description = "Directory with the labelled articles (default: ${DEFAULT-VALUE}).")
        Path articles;

        @Option(names = "--stance", paramLabel = "SOURCE",
                description = "classic, neural, fused or noparse (default: the analyser's, see eval newsmtsc --help).")
        String stance;

        @Option(names = "--split", paramLabel = "SPLIT",
                description = "Score only the articles whose \"split\" field is SPLIT (e.g. tune or test in "
                        + "eval/heldout/heldout-gold.json); default: every article.")
        String split;

        @Option(names = "--read-as", paramLabel = "HOW", defaultValue = "feed",
                description = "feed: each file read as `feed` reads it, its headline the title (default); plain: no title, "
                        + "as the nlp module's tuning tools read (and eval gold did before session 31).")
        String readAs;

        @Override
        public Integer call() throws Exception {
            GoldEval.ArticleReader reader = switch (readAs) {
                case "feed" -> new FeedArticleReader();
                case "plain" -> GoldEval.PLAIN;
                default -> throw new UserException("--read-as must be feed or plain, not '" + readAs + "'");
            };
            GoldEval.run(existing(gold, "gold file"), existing(articles, "articles directory"), split,
                    new ArticleAnalyzer(ActorCatalogue.starter(), stance == null ? StanceSource.configured() : parse(stance)),
                    reader, System.out);
            return 0;
        }
    }

    @Command(name = "readers", mixinStandardHelpOptions = true,
            description = "How far a second reader's stances agree with the first's on the same actor pairs (both files "
                    + "in the seed-gold.json format): the ceiling a held-out figure against one reader's labels can be read "
                    + "against. Last line: pairs=<n> agree=<x.xxx> f1m=<x.xxx> neutral_agree=<x.xxx> neutral_f1m=<x.xxx>")
    static final class Readers implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FIRST_JSON", description = "e.g. eval/heldout/heldout-gold.json (taken as truth)")
        Path first;

        @Parameters(index = "1", paramLabel = "SECOND_JSON", description = "e.g. eval/heldout/second-reading.json")
        Path second;

        @Option(names = "--split", paramLabel = "SPLIT", description = "Score only the articles whose split in FIRST_JSON is SPLIT.")
        String split;

        @Override
        public Integer call() throws Exception {
            ReaderAgreement.run(existing(first, "first reading"), existing(second, "second reading"), split, System.out);
            return 0;
        }
    }
}
