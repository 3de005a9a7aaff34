package org.stancewatch.app.commands;

import java.util.concurrent.Callable;
import org.stancewatch.pipeline.alerts.AlertEval;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "Run the stance-shift and burst detector on synthetic series with injected shifts. "
                + "Last line: recall=<x.xx> delay_days=<x.x> false_per_100am=<x.xx>")
final class EvalAlertsCommand implements Callable<Integer> {

    @Option(names = "--seed", defaultValue = "1", description = "Random seed of the generator (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        AlertEval.run(seed, System.out);
        return 0;
    }
}
