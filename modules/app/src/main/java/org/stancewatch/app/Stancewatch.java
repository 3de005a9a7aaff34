package org.stancewatch.app;

import org.stancewatch.app.chaos.ChaosRun;
import org.stancewatch.app.commands.ActorsCommand;
import org.stancewatch.app.commands.ExportCommand;
import org.stancewatch.app.commands.SearchCommand;
import org.stancewatch.app.commands.AlertsCommand;
import org.stancewatch.app.commands.AnalyzeCommand;
import org.stancewatch.app.commands.BenchCommand;
import org.stancewatch.app.commands.DemoCommand;
import org.stancewatch.app.commands.EvalCommand;
import org.stancewatch.app.commands.TrainCommand;
import org.stancewatch.app.commands.FeedCommand;
import org.stancewatch.app.commands.RunCommand;
import org.stancewatch.app.commands.WatchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stancewatch} command line: every user-facing entry point hangs off this class. */
@Command(name = "stancewatch",
        mixinStandardHelpOptions = true,
        versionProvider = Stancewatch.Version.class,
        description = "Streaming media monitoring on Apache Kafka: which actors the press talks about, in what light, day by day.",
        subcommands = {
                RunCommand.class, DemoCommand.class, FeedCommand.class, AnalyzeCommand.class,
                EvalCommand.class, TrainCommand.class, BenchCommand.class, ActorsCommand.class, WatchCommand.class,
                AlertsCommand.class, ExportCommand.class, SearchCommand.class, ChaosRun.class, CommandLine.HelpCommand.class})
public final class Stancewatch {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Stancewatch());
        cli.setExecutionExceptionHandler(new UserErrors());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    /** Version from the jar manifest when packaged, else "dev". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Stancewatch.class.getPackage().getImplementationVersion();
            return new String[] {"stancewatch " + (v == null ? "dev" : v)};
        }
    }
}
