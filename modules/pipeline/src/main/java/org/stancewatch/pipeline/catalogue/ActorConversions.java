package org.stancewatch.pipeline.catalogue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stancewatch.events.Actor;
import org.stancewatch.events.ActorType;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.catalogue.ActorEntry;
import org.stancewatch.nlp.catalogue.ActorKind;
import org.stancewatch.nlp.catalogue.ContextRule;
import org.stancewatch.nlp.catalogue.RoleAlias;

/** The one place where the `actors` topic's Avro {@link Actor} and the analyser's {@link ActorEntry} meet. */
public final class ActorConversions {

    private static final Logger LOG = LoggerFactory.getLogger(ActorConversions.class);

    private ActorConversions() {
    }

    public static ActorEntry toEntry(Actor a) {
        List<ContextRule> rules = a.getContextRules().stream()
                .map(r -> new ContextRule(r.getAlias(), r.getRequireAny(), r.getForbidAny()))
                .toList();
        List<RoleAlias> roles = a.getRoleAliases().stream()
                .map(r -> new RoleAlias(r.getAlias(), r.getValidFrom(), r.getValidTo()))
                .toList();
        return new ActorEntry(a.getId(), a.getName(), ActorKind.valueOf(a.getType().name()), a.getAliases(),
                a.getCaseSensitiveAliases(), rules, roles, a.getDescription());
    }

    public static Actor toAvro(ActorEntry e) {
        return Actor.newBuilder()
                .setId(e.id())
                .setName(e.name())
                .setType(ActorType.valueOf(e.type().name()))
                .setAliases(new ArrayList<>(e.aliases()))
                .setCaseSensitiveAliases(new ArrayList<>(e.caseSensitiveAliases()))
                .setContextRules(e.contextRules().stream()
                        .map(r -> new org.stancewatch.events.ContextRule(r.alias(), new ArrayList<>(r.requireAny()),
                                new ArrayList<>(r.forbidAny())))
                        .toList())
                .setRoleAliases(e.roleAliases().stream()
                        .map(r -> new org.stancewatch.events.RoleAlias(r.alias(), r.validFrom(), r.validTo()))
                        .toList())
                .setDescription(e.description())
                .setUpdatedAt(null)
                .build();
    }

    /** The starter catalogue shipped with the nlp module, as `actors` records. */
    public static List<Actor> starterActors() {
        return ActorCatalogue.starter().all().stream().map(ActorConversions::toAvro).toList();
    }

    /** What is wrong with an actor (empty when it is valid), in the analyser's words. */
    public static List<String> problems(Actor a) {
        return ActorCatalogue.validate(toEntry(a));
    }

    /**
     * A catalogue of the valid actors. An invalid entry on the topic is logged and left out rather than
     * failing the whole catalogue, so one bad edit cannot stop every article from being analysed.
     */
    public static ActorCatalogue toCatalogue(Collection<Actor> actors) {
        List<ActorEntry> entries = new ArrayList<>();
        for (Actor a : actors) {
            ActorEntry entry = toEntry(a);
            List<String> problems = ActorCatalogue.validate(entry);
            if (problems.isEmpty()) {
                entries.add(entry);
            } else {
                LOG.warn("actor '{}' on the actors topic is invalid and left out of the catalogue: {}", a.getId(),
                        String.join("; ", problems));
            }
        }
        return ActorCatalogue.of(entries);
    }
}
