package fr.maillage.partnership.domain;

/** On what terms premises are made available. */
public enum Terms {
    FREE, MODERATE_RENT, MARKET_RENT;

    public boolean hasRent() {
        return this != FREE;
    }
}
