package org.stancewatch.nlp.catalogue;

import java.util.List;

/**
 * Extra conditions for one ambiguous alias of an actor ("Washington", "Amnesty", a demonym).
 * Each entry of {@code requireAny} / {@code forbidAny} is a word or phrase, compared
 * case-insensitively as whole words:
 * <ul>
 *   <li>{@code ">phrase"}: the phrase comes right after the alias (a possessive 's in between is skipped);</li>
 *   <li>{@code "<phrase"}: the phrase comes right before the alias;</li>
 *   <li>{@code "phrase"}: the phrase occurs anywhere in the same sentence (outside the alias).</li>
 * </ul>
 * An occurrence of the alias counts only if at least one {@code requireAny} entry holds (or the
 * list is empty) and no {@code forbidAny} entry holds.
 */
public record ContextRule(String alias, List<String> requireAny, List<String> forbidAny) {
    public ContextRule {
        requireAny = requireAny == null ? List.of() : List.copyOf(requireAny);
        forbidAny = forbidAny == null ? List.of() : List.copyOf(forbidAny);
    }
}
