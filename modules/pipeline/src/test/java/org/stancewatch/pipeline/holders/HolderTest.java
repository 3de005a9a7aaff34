package org.stancewatch.pipeline.holders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.ActorMention;
import org.stancewatch.events.EnrichedArticle;

class HolderTest {

    private static final EnrichedArticle ARTICLE = HolderStanceTopologyTest.article("a1", "Alwaght | Tehran",
            HolderStanceTopologyTest.JULY_21);

    private static Holder resolve(String holder, String target) {
        Map<String, ActorMention> mentions = new HashMap<>();
        ARTICLE.getMentions().forEach(m -> mentions.put(m.getActorId(), m));
        Set<String> ids = new HashSet<>(mentions.keySet());
        ids.add("sputnik"); // an actor with a stance but named only in the headline
        return Holder.resolve(holder, target, ARTICLE, mentions, ids);
    }

    @Test
    void actorIdsAreActors_andAnActorSpeakingOfItselfIsNoHolder() {
        assertEquals(new Holder("nouri-al-maliki", "NOURI-AL-MALIKI", Holder.Kind.ACTOR), resolve("nouri-al-maliki", "russia"));
        assertEquals(new Holder("sputnik", "sputnik", Holder.Kind.ACTOR), resolve("sputnik", "russia"));
        assertNull(resolve("nouri-al-maliki", "nouri-al-maliki"));
        assertNull(resolve("Vice President of Iraq  Nouri Maliki", "nouri-al-maliki"), "the phrase names the target");
    }

    @Test
    void noSpeakerOrAnUnnamedOneIsTheOutlet_withBarsReplaced() {
        Holder outlet = new Holder("outlet:Alwaght / Tehran", "Alwaght | Tehran", Holder.Kind.OUTLET);
        assertEquals(outlet, resolve(null, "russia"));
        assertEquals(outlet, resolve("He", "russia"));
        assertEquals(outlet, resolve("the diplomat", "russia"));
        assertEquals(outlet, resolve("which", "russia"));
    }

    @Test
    void aNamedSpeakerIsASpeaker() {
        assertEquals(new Holder("speaker:al-tai", "al-Tai", Holder.Kind.SPEAKER), resolve("al-Tai", "russia"));
        assertEquals(new Holder("speaker:the iraqi government", "the Iraqi government", Holder.Kind.SPEAKER),
                resolve("the  Iraqi government", "russia"));
        assertTrue(Holder.isNamed("Brig. Gen. Yahia Rasoul"));
        assertFalse(Holder.isNamed("They"));
    }
}
