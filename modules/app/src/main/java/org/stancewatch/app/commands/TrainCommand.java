package org.stancewatch.app.commands;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.stancewatch.app.UserException;
import org.stancewatch.nlp.neural.StanceTrainer;
import org.stancewatch.nlp.neural.TargetMark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Rebuilds models from data. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a model (stance).",
        subcommands = {TrainCommand.Stance.class})
public final class TrainCommand implements Runnable {
    @Override
    public void run() {
        throw new UserException("choose what to train: stance (see `stancewatch train --help`)");
    }

    @Command(name = "stance", mixinStandardHelpOptions = true,
            description = "Fine-tune the neural stance model (the whole MiniLM encoder + head, DJL/PyTorch, offline) on NewsMTSC-format "
                    + "JSONL; prints a progress bar with ETA and the dev macro-F1 after each epoch, keeps the best epoch.")
    static final class Stance implements Callable<Integer> {
        @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training JSONL, e.g. ../shared/data/newsmtsc/train.jsonl")
        Path train;

        @Option(names = "--dev", required = true, paramLabel = "FILE", description = "Dev JSONL (model selection), e.g. ../shared/data/newsmtsc/dev.jsonl")
        Path dev;

        @Option(names = "--out", paramLabel = "FILE", description = "Where to write the model and FILE.sha256 (default: only report the scores).")
        Path out;

        @Option(names = "--epochs", defaultValue = "3", description = "Epochs (default: ${DEFAULT-VALUE}).")
        int epochs;

        @Option(names = "--seed", defaultValue = "13", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--threads", defaultValue = "2", description = "PyTorch threads; a run repeats exactly only with the same count (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--batch", defaultValue = "16", description = "Batch size (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--encoder-lr", defaultValue = "3e-5", description = "Peak learning rate of the encoder (default: ${DEFAULT-VALUE}).")
        float encoderLr;

        @Option(names = "--head-lr", defaultValue = "1e-3", description = "Peak learning rate of the head (default: ${DEFAULT-VALUE}).")
        float headLr;

        @Option(names = "--target-mark", defaultValue = "type", paramLabel = "type|none", converter = MarkConverter.class,
                description = "How the target is shown to the encoder: type = token type 1 on its word pieces (one encoder pass per "
                        + "sentence-actor pair, neural-stance.bin); none = all token types 0, the head alone pools the target's pieces, so "
                        + "one pass per sentence serves every actor in it (neural-stance-pooled.bin) (default: ${DEFAULT-VALUE}).")
        TargetMark targetMark;

        @Option(names = "--init", paramLabel = "FILE", description = "Start from this trained model file (and its FILE.sha256) instead of "
                + "the pretrained encoder and a fresh head, e.g. to adapt the marked model to --target-mark none.")
        Path init;

        static final class MarkConverter implements picocli.CommandLine.ITypeConverter<TargetMark> {
            @Override
            public TargetMark convert(String value) {
                for (TargetMark m : TargetMark.values()) if (m.label().equals(value)) return m;
                throw new picocli.CommandLine.TypeConversionException("expected type or none, not '" + value + "'");
            }
        }

        @Override
        public Integer call() throws Exception {
            EvalCommand.existing(train, "training file");
            EvalCommand.existing(dev, "dev file");
            if (init != null) EvalCommand.existing(init, "initial model file");
            StanceTrainer.Options d = StanceTrainer.Options.defaults(train, dev, out);
            StanceTrainer.Options o = new StanceTrainer.Options(train, dev, out, epochs, seed, batch, encoderLr, headLr,
                    d.weightDecay(), d.dropout(), d.warmup(), threads, targetMark, init);
            new StanceTrainer(o, System.err).run();
            return 0;
        }
    }
}
