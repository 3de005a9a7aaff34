package org.stancewatch.nlp.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The project's seed articles ({@code seeds/*.txt}, found from the module or the project root), date line removed. */
public final class NlpBenchmarkSeeds {
  private NlpBenchmarkSeeds() {}

  public static List<String> load() {
    for (Path dir : List.of(Path.of("seeds"), Path.of("../../seeds"))) {
      if (!Files.isDirectory(dir)) continue;
      List<String> out = new ArrayList<>();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
          out.add(Files.readString(f, StandardCharsets.UTF_8).replaceFirst("^\\s*date \\d{4}-\\d{2}-\\d{2}\\s*", ""));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read seeds from " + dir.toAbsolutePath(), e);
      }
      if (!out.isEmpty()) return out;
    }
    throw new IllegalStateException("No seeds/*.txt found from " + Path.of("").toAbsolutePath());
  }
}
