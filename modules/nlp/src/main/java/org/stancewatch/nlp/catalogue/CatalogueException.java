package org.stancewatch.nlp.catalogue;

import java.util.List;

/** A catalogue could not be loaded; {@link #problems()} lists every bad entry as "source:line: reason". */
public class CatalogueException extends Exception {
    private final List<String> problems;

    public CatalogueException(String message, List<String> problems) {
        super(message + (problems.isEmpty() ? "" : ":\n  " + String.join("\n  ", problems)));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
