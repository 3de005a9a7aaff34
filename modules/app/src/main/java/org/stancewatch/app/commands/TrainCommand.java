package org.stancewatch.app.commands;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.stancewatch.app.UserException;
import org.stancewatch.nlp.neural.StanceTrainer;
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
            description = "Fine-tune the neural stance model (MiniLM top layer + target vector + head) on NewsMTSC-format JSONL; "
                    + "prints a progress bar with ETA and the dev macro-F1 after each epoch, keeps the best epoch.")
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

        @Option(names = "--threads", defaultValue = "2", description = "Worker threads; the result does not depend on it only if it stays the same (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--layer-lr", defaultValue = "1e-4", description = "Learning rate of the top encoder layer (default: ${DEFAULT-VALUE}).")
        float layerLr;

        @Option(names = "--head-lr", defaultValue = "1e-3", description = "Learning rate of the head (default: ${DEFAULT-VALUE}).")
        float headLr;

        @Option(names = "--frozen", description = "Keep the encoder frozen and train only the head (the baseline).")
        boolean frozen;

        @Override
        public Integer call() throws Exception {
            EvalCommand.existing(train, "training file");
            EvalCommand.existing(dev, "dev file");
            StanceTrainer.Options d = StanceTrainer.Options.defaults(train, dev, out);
            StanceTrainer.Options o = new StanceTrainer.Options(train, dev, out, epochs, seed, d.batch(), layerLr, headLr,
                    d.weightDecay(), d.dropout(), threads, frozen);
            new StanceTrainer(o, System.err).run();
            return 0;
        }
    }
}
