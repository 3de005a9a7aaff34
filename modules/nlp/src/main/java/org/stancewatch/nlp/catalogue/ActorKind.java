package org.stancewatch.nlp.catalogue;

/** What sort of actor a catalogue entry names. */
public enum ActorKind { PERSON, ORGANIZATION, ARMED_GROUP, COUNTRY, GOVERNMENT, MEDIA, OTHER }
