package org.stancewatch.nlp.catalogue;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for actor ids, used by the catalogue files, {@code stancewatch actors} and the HTTP API
 * (documented once, in {@code modules/nlp/README.md}). Ids are keys on the `actors` topic and the first part
 * of the daily-count store keys ({@code actor|day|outlet}), so they never contain '|'.
 */
public final class ActorId {

    public static final int MAX_LENGTH = 100;
    /** The rule in words, for error messages. */
    public static final String RULE = "1-" + MAX_LENGTH + " characters of a-z, 0-9 and '-', starting with a letter or digit"
            + " (e.g. wagner-group)";

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0," + (MAX_LENGTH - 1) + "}");

    private ActorId() {
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Why {@code id} is not an actor id, or empty when it is one. */
    public static Optional<String> problem(String id) {
        if (isValid(id)) {
            return Optional.empty();
        }
        String shown = id == null ? "null" : id.replaceAll("\\p{Cntrl}", "?");
        if (shown.length() > 40) {
            shown = shown.substring(0, 40) + "...";
        }
        return Optional.of("id '" + shown + "' must be " + RULE);
    }
}
