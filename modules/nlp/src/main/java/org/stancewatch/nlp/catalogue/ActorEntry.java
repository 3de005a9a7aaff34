package org.stancewatch.nlp.catalogue;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One actor of the catalogue. {@code aliases} match case-insensitively (but never an all
 * lower-case occurrence of an alias written with capitals, so "turkey" is not Turkey);
 * {@code caseSensitiveAliases} match exactly ("US", "IS", "UN"). {@code aliasKinds} (lower-cased alias ->
 * kind) marks the aliases that came from {@code demonyms}, {@code capitals} or {@code metonyms}; any other
 * alias is a {@link AliasKind#NAME}. The kinds are for reporting: matching depends only on the aliases and rules.
 */
public record ActorEntry(String id, String name, ActorKind type, List<String> aliases,
                         List<String> caseSensitiveAliases, List<ContextRule> contextRules,
                         List<RoleAlias> roleAliases, String description, Map<String, AliasKind> aliasKinds) {
    public ActorEntry {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        caseSensitiveAliases = caseSensitiveAliases == null ? List.of() : List.copyOf(caseSensitiveAliases);
        contextRules = contextRules == null ? List.of() : List.copyOf(contextRules);
        roleAliases = roleAliases == null ? List.of() : List.copyOf(roleAliases);
        type = type == null ? ActorKind.OTHER : type;
        aliasKinds = aliasKinds == null ? Map.of() : Map.copyOf(aliasKinds);
    }

    /** An entry whose aliases are all names (as built from the `actors` topic, which keeps no kinds). */
    public ActorEntry(String id, String name, ActorKind type, List<String> aliases,
                      List<String> caseSensitiveAliases, List<ContextRule> contextRules,
                      List<RoleAlias> roleAliases, String description) {
        this(id, name, type, aliases, caseSensitiveAliases, contextRules, roleAliases, description, Map.of());
    }

    /**
     * Equal when everything that matching depends on is equal: the kinds are left out, because the `actors` topic
     * does not carry them, and an actor read back from it is the same actor (no spurious catalogue updates).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof ActorEntry e && java.util.Objects.equals(id, e.id) && java.util.Objects.equals(name, e.name) && type == e.type
                && aliases.equals(e.aliases) && caseSensitiveAliases.equals(e.caseSensitiveAliases)
                && contextRules.equals(e.contextRules) && roleAliases.equals(e.roleAliases)
                && java.util.Objects.equals(description, e.description);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(id, name, type, aliases, caseSensitiveAliases, contextRules, roleAliases, description);
    }

    /** The kind of one of this entry's aliases (role aliases are not looked up here). */
    public AliasKind kindOf(String alias) {
        return aliasKinds.getOrDefault(alias.toLowerCase(Locale.ROOT), AliasKind.NAME);
    }
}
