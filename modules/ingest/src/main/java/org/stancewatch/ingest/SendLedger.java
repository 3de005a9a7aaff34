package org.stancewatch.ingest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Ids sent in earlier runs: a plain text file, one id per line, appended to after each run. Kept simple on
 * purpose: it only feeds the "re-sent" count; correctness downstream does not depend on it, since a re-send
 * with the same id replaces the earlier article.
 */
final class SendLedger {

    private final Path file;
    private final Set<String> earlier;

    private SendLedger(Path file, Set<String> earlier) {
        this.file = file;
        this.earlier = earlier;
    }

    static SendLedger load(Path file) throws IOException {
        Set<String> ids = new HashSet<>();
        if (file != null && Files.exists(file)) {
            try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
                lines.map(String::strip).filter(l -> !l.isEmpty()).forEach(ids::add);
            }
        }
        return new SendLedger(file, ids);
    }

    boolean sentBefore(String id) {
        return earlier.contains(id);
    }

    /** Appends the ids not yet in the ledger. No-op without a ledger file. */
    void record(Collection<String> sentIds) throws IOException {
        if (file == null) {
            return;
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (String id : sentIds) {
                if (earlier.add(id)) {
                    w.write(id);
                    w.newLine();
                }
            }
        }
    }
}
