package org.stancewatch.pipeline.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertConfigTest {

    @Test
    void defaultsAndPerActorOverrides() {
        AlertConfig c = AlertConfig.fromConfig(Map.of(
                "alerts.shift.cusum-h", "5",
                "alerts.actor.united-states.shift.min-effect", "0.2",
                "alerts.actor.foo.bar.enabled", "false",
                "alerts.lateness-days", "2",
                "bootstrap.servers", "ignored:9092"));
        assertEquals(5.0, c.defaultParams().shiftCusumH());
        assertEquals(5.0, c.paramsFor("united-states").shiftCusumH(), "actor overrides start from the defaults");
        assertEquals(0.2, c.paramsFor("united-states").shiftMinEffect());
        assertEquals(0.1, c.paramsFor("russia").shiftMinEffect());
        assertFalse(c.paramsFor("foo.bar").enabled(), "actor ids may contain dots");
        assertTrue(c.paramsFor("foo").enabled());
        assertEquals(2, c.latenessDays());
    }

    @Test
    void badValuesNameTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AlertConfig.fromConfig(Map.of("alerts.actor.pmf.shift.min-effect", "lots")));
        assertTrue(e.getMessage().contains("alerts.actor.pmf.shift.min-effect"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> AlertConfig.fromConfig(Map.of("alerts.actor.pmf.no-such-thing", "1")));
        assertTrue(e.getMessage().contains("alerts.actor.pmf.no-such-thing"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> AlertConfig.fromConfig(Map.of("alerts.shift.min-effect", "1.5")));
        assertTrue(e.getMessage().contains("shift.min-effect"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AlertConfig.fromConfig(Map.of("alerts.retention-days", "30")));
        assertTrue(e.getMessage().contains("retention-days"), e.getMessage());
    }
}
