package org.stancewatch.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.app.chaos.ChildJvm;

/**
 * SIGTERM to a process whose thread is inside ONNX Runtime (what `run` with the FUSED analyser is most of the time)
 * closes it cleanly instead of crashing in libonnxruntime, whose own shutdown hook frees the native environment.
 */
class GracefulStopTest {

    @Test
    void sigtermWhileTheEncoderRunsClosesFirstAndDoesNotCrash(@TempDir Path dir) throws Exception {
        for (int round = 0; round < 3; round++) {
            Path log = dir.resolve("probe-" + round + ".log");
            try (ChildJvm child = ChildJvm.start("1g", ChildJvm.currentClasspath(), GracefulStopProbe.class.getName(),
                    List.of(), log)) {
                child.awaitReady(() -> child.logContains("probe ready"), Duration.ofMinutes(2), "the model is loaded");
                Thread.sleep(300 + 150L * round); // inside a stream of encoder calls
                child.stop(Duration.ofSeconds(30));
                assertFalse(child.isAlive());
                assertFalse(child.logContains("A fatal error has been detected"), "crashed:\n" + child.logTail(30));
                assertTrue(child.logContains("probe closed cleanly"), "not closed:\n" + child.logTail(30));
            }
        }
    }
}
