package org.stancewatch.nlp.catalogue;

import java.time.LocalDate;

/**
 * An alias that names the actor only while they hold a role ("Iraq's Prime Minister").
 * {@code validFrom}/{@code validTo} are inclusive; null means open-ended.
 */
public record RoleAlias(String alias, LocalDate validFrom, LocalDate validTo) {

    /** False when the day is unknown: a role alias alone cannot tell who held the role. */
    public boolean validOn(LocalDate day) {
        if (day == null) {
            return false;
        }
        return (validFrom == null || !day.isBefore(validFrom)) && (validTo == null || !day.isAfter(validTo));
    }
}
