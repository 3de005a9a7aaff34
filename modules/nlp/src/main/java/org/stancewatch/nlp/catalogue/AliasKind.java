package org.stancewatch.nlp.catalogue;

/**
 * How an alias names its actor, strongest first, so tagging precision can be reported per kind
 * ({@code eval gold} prints it): a name or its variant; a dated role ("Iraq's Prime Minister"); a short form
 * learned in the article (an acronym defined there, the surname of a person named in full); a bare surname
 * alias ("Putin", "al-Maliki": needs support in the article); a metonym ("the Kremlin", "the Trump
 * administration"); a capital standing for its government ("Washington said"); a demonym ("Iraqi officials",
 * "Russian general").
 */
public enum AliasKind { NAME, ROLE, LEARNED, SURNAME, METONYM, CAPITAL, DEMONYM }
