package fr.maillage.partnership.domain;

/** The endowment fund (one envelope per year) or the investment fund. */
public enum FundKind {
    ENDOWMENT, INVESTMENT
}
