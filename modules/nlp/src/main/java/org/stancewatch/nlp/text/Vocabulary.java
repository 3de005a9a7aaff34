package org.stancewatch.nlp.text;

import java.util.List;
import java.util.Set;

/** Small closed word lists (duplicates tolerated) shared by the text rules (hand-written: they are short and English-only). */
public final class Vocabulary {

    private Vocabulary() {
    }

    public static final Set<String> STOPWORDS = Set.copyOf(List.of(
            "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
            "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
            "can", "could", "did", "do", "does", "doing", "down", "during", "each", "even", "ever", "every", "few",
            "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him",
            "himself", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "last",
            "least", "less", "like", "many", "may", "me", "meanwhile", "might", "more", "most", "much", "must", "my",
            "new", "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or", "other", "our",
            "ours", "out", "over", "own", "per", "same", "said", "say", "says", "she", "should", "since", "so",
            "some", "still", "such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these",
            "they", "this", "those", "though", "through", "thus", "to", "too", "two", "three", "under", "until",
            "up", "upon", "us", "very", "was", "we", "were", "what", "when", "where", "whether", "which", "while",
            "who", "whom", "whose", "why", "will", "with", "within", "without", "would", "yes", "yet", "you",
            "your", "yours", "according", "although", "among", "around", "back", "become", "came", "come",
            "get", "got", "made", "make", "take", "took", "way", "well", "year", "years", "day", "days",
            "nonetheless", "nevertheless", "moreover", "furthermore", "therefore", "separately", "earlier", "later",
            "today", "yesterday", "tomorrow", "instead", "indeed", "besides", "finally", "overall", "again", "here's",
            "there's", "it's", "that's", "he's", "she's", "we're", "they're", "don't", "didn't", "isn't", "won't"));

    public static final Set<String> MONTHS_AND_DAYS = Set.copyOf(List.of(
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
            "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"));
}
