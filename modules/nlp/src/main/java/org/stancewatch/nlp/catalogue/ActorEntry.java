package org.stancewatch.nlp.catalogue;

import java.util.List;

/**
 * One actor of the catalogue. {@code aliases} match case-insensitively (but never an all
 * lower-case occurrence of an alias written with capitals, so "turkey" is not Turkey);
 * {@code caseSensitiveAliases} match exactly ("US", "IS", "UN").
 */
public record ActorEntry(String id, String name, ActorKind type, List<String> aliases,
                         List<String> caseSensitiveAliases, List<ContextRule> contextRules,
                         List<RoleAlias> roleAliases, String description) {
    public ActorEntry {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        caseSensitiveAliases = caseSensitiveAliases == null ? List.of() : List.copyOf(caseSensitiveAliases);
        contextRules = contextRules == null ? List.of() : List.copyOf(contextRules);
        roleAliases = roleAliases == null ? List.of() : List.copyOf(roleAliases);
        type = type == null ? ActorKind.OTHER : type;
    }
}
