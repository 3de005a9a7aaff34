package org.stancewatch.app.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.nlp.eval.GoldEval;

class FeedArticleReaderTest {

  @Test
  void theHeadlineIsTheTitleAsFeedChoosesItAndTheGoldDayIsKept(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("qatar.txt");
    Files.writeString(file, " date 2024-04-18\nQatar PM says re-evaluating Israel-Hamas mediation role\n\n"
        + "DOHA, April 18 - Qatar is reassessing its role as a mediator, its prime minister said.\n");
    GoldEval.Input in = new FeedArticleReader().read(file, "2024-04-17");
    assertEquals("Qatar PM says re-evaluating Israel-Hamas mediation role", in.title());
    // The body keeps the headline line, as feed sends it: the analyser counts a title found in the body once.
    assertTrue(in.body().startsWith("Qatar PM says re-evaluating"), in.body());
    assertEquals(LocalDate.of(2024, 4, 17), in.day());
    // The plain reader, as the nlp tools read: no title, the same text.
    assertEquals("", GoldEval.PLAIN.read(file, "2024-04-17").title());
  }

  @Test
  void aFileFeedWouldRejectIsAnErrorNamingIt(@TempDir Path dir) throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.txt"), "   \n");
    IOException e = assertThrows(IOException.class, () -> new FeedArticleReader().read(empty, "2024-04-17"));
    assertTrue(e.getMessage().contains("empty.txt"), e.getMessage());
  }
}
