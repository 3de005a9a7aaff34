package org.stancewatch.pipeline.alerts.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stancewatch.events.AlertEvidence;
import org.stancewatch.events.StanceShiftAlert;

/**
 * Plain JSON for an alert (field names as in the Avro schema, the day as YYYY-MM-DD, null outlet as
 * null). Avro's own JSON encoding wraps unions ({"string": ...}), which webhook receivers should not
 * have to know about, so the object is laid out here and written by Jackson.
 */
public final class AlertJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {
    }

    public static String toJson(StanceShiftAlert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.getId());
        m.put("kind", a.getKind().name());
        m.put("actorId", a.getActorId());
        m.put("actorName", a.getActorName());
        m.put("outlet", a.getOutlet());
        m.put("day", a.getDay().toString());
        m.put("direction", a.getDirection());
        m.put("metric", a.getMetric());
        m.put("before", a.getBefore());
        m.put("after", a.getAfter());
        m.put("beforeN", a.getBeforeN());
        m.put("afterN", a.getAfterN());
        m.put("statistic", a.getStatistic());
        m.put("statisticValue", a.getStatisticValue());
        m.put("threshold", a.getThreshold());
        List<Map<String, Object>> evidence = new ArrayList<>();
        for (AlertEvidence e : a.getEvidence()) {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("articleId", e.getArticleId());
            em.put("title", e.getTitle());
            em.put("outlet", e.getOutlet());
            em.put("stance", e.getStance());
            em.put("sentences", e.getSentences());
            evidence.add(em);
        }
        m.put("evidence", evidence);
        m.put("explanation", a.getExplanation());
        try {
            return MAPPER.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Alert " + a.getId() + " could not be written as JSON", e);
        }
    }
}
