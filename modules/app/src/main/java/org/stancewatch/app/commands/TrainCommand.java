package org.stancewatch.app.commands;

import java.nio.file.Path;
import java.util.Locale;
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
                    + "JSONL; prints a progress bar with ETA and the dev macro-F1 after each epoch, keeps the best epoch. With --cv K: "
                    + "K-fold cross-validation of the same recipe on the training file alone; last line cv folds=<K> n=<examples> "
                    + "acc=<x.xxx> F1m=<x.xxx> marked_pooled_acc=<x.xxx> marked_pooled_F1m=<x.xxx>.")
    static final class Stance implements Callable<Integer> {
        @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training JSONL, e.g. ../shared/data/newsmtsc/train.jsonl")
        Path train;

        @Option(names = "--dev", paramLabel = "FILE", description = "Dev JSONL (model selection), e.g. ../shared/data/newsmtsc/dev.jsonl; "
                + "required unless --cv.")
        Path dev;

        @Option(names = "--cv", paramLabel = "K", description = "Instead of training a model: K-fold cross-validation on --train (each fold "
                + "trains a fresh model for --epochs and scores its last epoch on the held fold; --dev is not read, --out not allowed).")
        Integer cv;

        @Option(names = "--fold-models", paramLabel = "DIR", description = "With --cv: write each fold's model (fold-K.bin + .sha256) and the "
                + "examples it did not train on (fold-K-held.jsonl) to DIR, for fitting a calibration on out-of-fold scores "
                + "(modules/nlp/rebuild-calibration.sh noparse --out-of-fold DIR).")
        Path foldModels;

        @Option(names = "--out", paramLabel = "FILE", description = "Where to write the model and FILE.sha256 (default: only report the scores).")
        Path out;

        @Option(names = "--epochs", defaultValue = "" + StanceTrainer.DEFAULT_EPOCHS, description = "Epochs (default: ${DEFAULT-VALUE}, "
                + "the committed model's).")
        int epochs;

        @Option(names = "--seed", defaultValue = "13", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--threads", defaultValue = "2", description = "PyTorch threads; a run repeats exactly only with the same count (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--batch", defaultValue = "16", description = "Batch size (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--encoder-lr", defaultValue = StanceTrainer.DEFAULT_ENCODER_LR,
                description = "Peak learning rate of the encoder (default: ${DEFAULT-VALUE}, the committed model's).")
        float encoderLr;

        @Option(names = "--layer-decay", defaultValue = "1", paramLabel = "X",
                description = "Layer-wise learning-rate decay: encoder layer l (0-5) trains at --encoder-lr x X^(5-l), the embeddings "
                        + "at X^6 (default: ${DEFAULT-VALUE}, off, as the committed model).")
        float layerDecay;

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
            if (cv != null) {
                if (cv < 2) throw new UserException("--cv needs at least 2 folds, got " + cv);
                if (out != null) throw new UserException("--cv trains one throw-away model per fold; it writes none, so --out cannot be used with it");
            } else if (foldModels != null) {
                throw new UserException("--fold-models DIR writes the models of a cross-validation's folds; use it with --cv K");
            } else if (dev == null) {
                throw new UserException("--dev FILE is required (it chooses the epoch to keep), unless --cv K cross-validates on --train alone");
            } else {
                EvalCommand.existing(dev, "dev file");
            }
            if (init != null) EvalCommand.existing(init, "initial model file");
            StanceTrainer.Options d = StanceTrainer.Options.defaults(train, dev, out);
            StanceTrainer.Options o;
            try {
                o = new StanceTrainer.Options(train, dev, out, epochs, seed, batch, encoderLr, headLr,
                        d.weightDecay(), d.dropout(), d.warmup(), threads, targetMark, init, layerDecay);
            } catch (IllegalArgumentException e) {
                throw new UserException("--layer-decay: " + e.getMessage());
            }
            if (cv == null) {
                new StanceTrainer(o, System.err).run();
                return 0;
            }
            StanceTrainer.CrossValidation r = new StanceTrainer(o, System.err).crossValidate(cv, foldModels);
            System.out.printf(Locale.ROOT, "cv folds=%d n=%d acc=%.3f F1m=%.3f marked_pooled_acc=%.3f marked_pooled_F1m=%.3f%n", r.folds(),
                    r.marked().total(), r.marked().accuracy(), r.marked().macroF1(), r.unmarked().accuracy(), r.unmarked().macroF1());
            return 0;
        }
    }
}
