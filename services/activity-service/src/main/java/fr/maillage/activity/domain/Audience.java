package fr.maillage.activity.domain;

/** Who took part in an activity (part of the HTTP contract: extend with care). */
public enum Audience {
    YOUNG_PEOPLE, JOB_SEEKERS, SENIORS, COMPANIES, PUBLIC_AGENTS, FAMILIES, STUDENTS, ASSOCIATIONS,
    GENERAL_PUBLIC, OTHER
}
