package org.stancewatch.nlp;

/** An article's stance toward an actor. MIXED: the article carries clearly opposed views. */
public enum Stance { FAVOR, AGAINST, NEUTRAL, MIXED }
