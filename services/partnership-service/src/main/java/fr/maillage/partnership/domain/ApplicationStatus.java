package fr.maillage.partnership.domain;

/** Where an application stands: waiting, chosen by the authority, or declined. */
public enum ApplicationStatus {
    PENDING, RESERVED, DECLINED
}
