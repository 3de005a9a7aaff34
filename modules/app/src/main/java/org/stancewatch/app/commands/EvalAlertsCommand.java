package org.stancewatch.app.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.stancewatch.app.UserException;
import org.stancewatch.app.eval.ResampledAlertEval;
import org.stancewatch.app.eval.TextAlertEval;
import org.stancewatch.nlp.eval.StanceCalibrationBuilder;
import org.stancewatch.pipeline.alerts.AlertEval;
import org.stancewatch.pipeline.alerts.DetectorParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = {"Score the stance-shift alerts: on synthetic series (fast), or end to end on real labelled text.",
                "Without --text: run the stance-shift and burst detector on synthetic series with injected shifts "
                + "(the fast check of the detector alone). Last line: recall=<x.xx> delay_days=<x.x> false_per_100am=<x.xx>",
                "With --text FILE (NewsMTSC JSONL, read in place): build articles from its labelled sentences with a known "
                        + "AGAINST step for some actors, run them through the whole embedded pipeline with the real analyser "
                        + "and score the alerts against the oracle. Last line: recall@2d=.. recall@5d=.. false_per_100am=.. "
                        + "oracle_true@2d=.. oracle_true@5d=.. oracle_pipeline@2d=.. oracle_pipeline@5d=.."})
final class EvalAlertsCommand implements Callable<Integer> {

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--text", paramLabel = "FILE", description = "NewsMTSC-format JSONL (e.g. ../shared/data/newsmtsc/train.jsonl).")
    Path text;

    @Option(names = "--actors", defaultValue = "24", description = "With --text: person actors (default: ${DEFAULT-VALUE}).")
    int actors;

    @Option(names = "--days", defaultValue = "64", description = "With --text: days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--per-day", defaultValue = "20", description = "With --text: mean articles per actor and day (default: ${DEFAULT-VALUE}).")
    double perDay;

    @Option(names = "--shifted", defaultValue = "0.7", description = "With --text: share of actors whose AGAINST share steps up (default: ${DEFAULT-VALUE}).")
    double shifted;

    @Option(names = "--shift", defaultValue = "0.30", description = "With --text: size of the step (default: ${DEFAULT-VALUE}).")
    double shift;

    @Option(names = "--half", paramLabel = "HALF", defaultValue = "all",
            description = "With --text: all lines, or only the first or second half of the file (the bundled calibration is "
                    + "fitted on the first half of dev, so score on the second; default: ${DEFAULT-VALUE}).")
    String half;

    @Option(names = "--timeout", defaultValue = "3600", description = "With --text: seconds to wait for the pipeline (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--dump", paramLabel = "FILE", description = "With --text: write per-actor alert days of the pipeline, the "
            + "offline replay and a detector judging each day at close time, and the rows at close time vs the final rows.")
    Path dump;

    @Option(names = "--save-series", paramLabel = "FILE", description = "With --text: save the pipeline's final all-outlet "
            + "mentions.daily rows, so the detector can be replayed on them offline with --replay-series.")
    Path saveSeries;

    @Option(names = "--replay-series", paramLabel = "FILE", description = "With --text: do not run the pipeline; replay the "
            + "detector on the rows saved by --save-series for the same --text, --half, --seed and size (checked).")
    Path replaySeries;

    @Option(names = "--resample", paramLabel = "N", description = "With --text: no pipeline; analyse each distinct article "
            + "once, count the daily rows as the pipeline does and score the detector and the oracle pooled over N plans "
            + "(seeds --seed .. --seed + N - 1), so false alarms per 100 actor-months can be counted. Last line: plans=.. "
            + "recall@2d=.. recall@5d=.. false_per_100am=.. oracle_pipeline@5d=.. ratio@5d=..")
    Integer resample;

    @Option(names = "--variant", paramLabel = "NAME:KEY=VALUE[,KEY=VALUE...]", description = "With --text: also replay the "
            + "detector with these alert settings (keys as in alerts.<key>, e.g. shift.expected-cusum-h=7) on the defaults; "
            + "repeatable.")
    List<String> variants = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (text == null) {
            AlertEval.run(seed, System.out);
            return 0;
        }
        EvalCommand.existing(text, "text file");
        if (perDay <= 0 || shifted < 0 || shifted > 1 || shift <= 0) {
            throw new UserException("--per-day must be > 0, --shifted in [0, 1] and --shift > 0");
        }
        if (resample != null && (resample < 1 || replaySeries != null || saveSeries != null || dump != null)) {
            throw new UserException("--resample N needs N >= 1 (got " + resample + ") and runs no pipeline: it cannot be combined with "
                    + "--replay-series, --save-series or --dump");
        }
        Map<String, Map<String, String>> named = parseVariants(variants);
        for (Map.Entry<String, Map<String, String>> v : named.entrySet()) {
            try {
                // Checked now, not after a pipeline run of several minutes.
                DetectorParams.defaults().with(v.getValue(), "--variant " + v.getKey() + ": ");
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
        }
        if (replaySeries != null) {
            EvalCommand.existing(replaySeries, "series file");
        }
        StanceCalibrationBuilder.Half h = EvalCommand.half(half);
        Path lines = text;
        if (h != StanceCalibrationBuilder.Half.ALL) {
            // The half goes to the evaluation as its own file, so the evaluation itself is unchanged.
            List<String> all = Files.readAllLines(text).stream().filter(l -> !l.isBlank()).toList();
            lines = Files.createTempDirectory("stancewatch-half-").resolve(half + "-half-of-" + text.getFileName());
            Files.write(lines, h.of(all));
            lines.toFile().deleteOnExit();
            lines.getParent().toFile().deleteOnExit();
        }
        try {
            if (resample != null) {
                ResampledAlertEval.run(new TextAlertEval.Options(lines, actors, days, perDay, shifted, shift, seed,
                        Duration.ofSeconds(timeoutSeconds), null, null, null, named), resample, System.out, System.err);
                return 0;
            }
            TextAlertEval.run(new TextAlertEval.Options(lines, actors, days, perDay, shifted, shift, seed,
                    Duration.ofSeconds(timeoutSeconds), dump, saveSeries, replaySeries, named), System.out, System.err);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        return 0;
    }

    /** {@code NAME:k=v,k=v} per --variant; the keys are checked when the eval applies them to the defaults. */
    static Map<String, Map<String, String>> parseVariants(List<String> specs) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String spec : specs) {
            int colon = spec.indexOf(':');
            if (colon <= 0 || colon == spec.length() - 1) {
                throw new UserException("--variant '" + spec + "': expected NAME:KEY=VALUE[,KEY=VALUE...]");
            }
            Map<String, String> settings = new LinkedHashMap<>();
            for (String kv : spec.substring(colon + 1).split(",")) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new UserException("--variant '" + spec + "': '" + kv + "' is not KEY=VALUE");
                }
                settings.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
            if (out.put(spec.substring(0, colon).trim(), settings) != null) {
                throw new UserException("--variant '" + spec + "': the name is used twice");
            }
        }
        return out;
    }
}
