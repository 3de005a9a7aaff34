package org.stancewatch.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;

/** One filled-in instance of each event class, touching nested records, unions, maps, enums and logical types. */
public final class EventSamples {

    private static final Instant INGESTED = Instant.parse("2017-07-10T08:15:30.123Z");
    private static final LocalDate DAY = LocalDate.of(2017, 7, 10);

    private EventSamples() {
    }

    public static Article article() {
        return Article.newBuilder()
                .setId("a-1")
                .setTitle("Mosul liberated")
                .setBody("Iraqi forces declared victory over ISIS in Mosul. \u00c9l\u00e8ve \u2014 \ud83d\ude00")
                .setUrl("https://example.org/mosul")
                .setOutlet("Alwaght")
                .setPublishedDate(DAY)
                .setIngestedAt(INGESTED)
                .setMetadata(Map.of("author", "Staff", "section", "World"))
                .build();
    }

    public static Actor actor() {
        return Actor.newBuilder()
                .setId("united-states")
                .setName("United States")
                .setType(ActorType.COUNTRY)
                .setAliases(List.of("United States", "America"))
                .setCaseSensitiveAliases(List.of("US"))
                .setContextRules(List.of(ContextRule.newBuilder().setAlias("Washington")
                        .setRequireAny(List.of("White House")).setForbidAny(List.of("Denzel")).build()))
                .setRoleAliases(List.of(RoleAlias.newBuilder().setAlias("the US President")
                        .setValidFrom(LocalDate.of(2017, 1, 20)).setValidTo(null).build()))
                .setUpdatedAt(INGESTED)
                .build();
    }

    public static EnrichedArticle enrichedArticle() {
        return EnrichedArticle.newBuilder()
                .setId("a-1")
                .setTitle("Mosul liberated")
                .setBody("Iraqi forces declared victory over ISIS in Mosul.")
                .setIngestedAt(INGESTED)
                .setPublishedAt(Instant.parse("2017-07-10T06:00:00Z"))
                .setLanguage("en")
                .setMentions(List.of(ActorMention.newBuilder().setActorId("isis").setActorName("ISIS").setActorType("ARMED_GROUP")
                        .setCount(1).setSpans(List.of(Span.newBuilder().setStart(36).setEnd(40).setText("ISIS").build())).build()))
                .setStances(List.of(ActorStance.newBuilder().setActorId("isis").setStance(Stance.AGAINST).setScore(-0.8)
                        .setEvidence(List.of(StanceEvidence.newBuilder().setSentence("Iraqi forces declared victory over ISIS in Mosul.")
                                .setStart(0).setEnd(49).setScore(-0.8).setCues(List.of("victory-over")).setHolder(null).build()))
                        .build()))
                .setCandidates(List.of(CandidateName.newBuilder().setName("Mosul").setCount(1).build()))
                .setSimhash(-1234567890123L)
                .setEnricherVersion("test")
                .build();
    }

    public static ActorDay actorDay() {
        return ActorDay.newBuilder()
                .setActorId("isis").setActorName("ISIS").setDay(DAY).setOutlet(null)
                .setMentions(7).setArticles(3).setOutlets(2).setFavor(0).setAgainst(3).setNeutral(0).setMixed(0)
                .setNetStance(-1.0).setMeanScore(-0.65).setUpdatedAt(INGESTED)
                .build();
    }

    public static StanceShiftAlert stanceShiftAlert() {
        return StanceShiftAlert.newBuilder()
                .setId("STANCE_SHIFT|pmf|*|2017-07-10").setKind(AlertKind.STANCE_SHIFT).setActorId("pmf").setActorName("PMF")
                .setDay(DAY).setDirection("TOWARD_AGAINST").setMetric("against_share").setBefore(0.1).setAfter(0.6)
                .setBeforeN(20).setAfterN(5).setStatistic("two-proportion z").setStatisticValue(2.7).setThreshold(2.0)
                .setEvidence(List.of(AlertEvidence.newBuilder().setArticleId("a-2").setTitle("t").setOutlet("o")
                        .setStance("AGAINST").setSentences(List.of("s1", "s2")).build()))
                .setExplanation("against share rose from 10% to 60%")
                .build();
    }

    public static RejectedRecord rejectedRecord() {
        return RejectedRecord.newBuilder()
                .setReason("BAD_MAGIC_BYTE").setMessage("record on 'articles' starts with byte 0x7b").setStage("deserialize")
                .setSourceTopic("articles").setSourcePartition(2).setSourceOffset(42L)
                .setKey(ByteBuffer.wrap("a-1".getBytes(StandardCharsets.UTF_8)))
                .setValue(ByteBuffer.wrap(new byte[] {0x7b, 0x22, 0x00, (byte) 0xff}))
                .setExceptionClass("org.stancewatch.events.serde.AvroDeserializationException")
                .setRejectedAt(INGESTED)
                .build();
    }

    /** Every top-level event, one of each. */
    public static List<SpecificRecord> all() {
        return List.of(article(), actor(), enrichedArticle(), actorDay(), stanceShiftAlert(), rejectedRecord());
    }
}
