package org.stancewatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** `run --partitions` / stancewatch.partitions (issue 11.5): the count topics are created with, and its defaults. */
class PartitionsOptionTest {

    @Test
    void defaultsDependOnTheClusterAndAnExplicitCountWins() {
        assertEquals(2, StancewatchRuntime.partitions(Map.of(), true), "embedded: one machine");
        assertEquals(12, StancewatchRuntime.partitions(Map.of(), false), "external: room to grow");
        assertEquals(24, StancewatchRuntime.partitions(Map.of(StancewatchRuntime.PARTITIONS, 24), true));
        assertEquals(6, StancewatchRuntime.partitions(Map.of(StancewatchRuntime.PARTITIONS, " 6"), false), "from --config");
        UserException e = assertThrows(UserException.class,
                () -> StancewatchRuntime.partitions(Map.of(StancewatchRuntime.PARTITIONS, "0"), false));
        assertEquals("stancewatch.partitions (--partitions) must be a positive number, was '0'", e.getMessage());
    }
}
