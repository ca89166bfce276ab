package fr.maillage.activity.domain;

/** What kind of activity a report describes (part of the HTTP contract: extend with care). */
public enum Category {
    TRAINING, APPRENTICESHIP, WORKSHOP, EVENT, COWORKING, DIGITAL_MEDIATION, BUSINESS_SUPPORT,
    PUBLIC_AGENT_TRAINING, OTHER
}
