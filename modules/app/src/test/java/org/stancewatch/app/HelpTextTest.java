package org.stancewatch.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Issue #14.7: `--help` lists each command with the first line of its description, so a description that wraps
 * a sentence over several lines showed "Start stancewatch: the embedded Kafka broker and schema registry
 * (unless --bootstrap-servers /" and stopped. Every command's first line must be a whole sentence.
 */
class HelpTextTest {

    private static void collect(CommandLine cli, List<CommandLine> all) {
        all.add(cli);
        cli.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, all));
    }

    @Test
    void everyCommandSummaryIsAWholeSentence() {
        List<CommandLine> all = new ArrayList<>();
        collect(Stancewatch.commandLine(), all);
        List<String> cut = new ArrayList<>();
        for (CommandLine c : all) {
            String[] description = c.getCommandSpec().usageMessage().description();
            if (description.length > 1 && !description[0].strip().matches("(?s).*[.!?][)`\"]?")) {
                cut.add(c.getCommandSpec().qualifiedName() + ": \"" + description[0] + "\"");
            }
        }
        assertTrue(all.size() > 15, "walked the whole command tree: " + all.size());
        assertTrue(cut.isEmpty(), "summaries cut mid-sentence in --help:\n" + String.join("\n", cut));

        StringWriter help = new StringWriter();
        Stancewatch.commandLine().usage(new PrintWriter(help));
        String flat = help.toString().replaceAll("\\s+", " ");
        assertTrue(flat.contains("run Start stancewatch (broker, registry, topics, stream pipeline, dashboard) until Ctrl-C. demo"),
                help.toString());
    }
}
