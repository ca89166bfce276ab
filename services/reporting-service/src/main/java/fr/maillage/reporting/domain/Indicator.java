package fr.maillage.reporting.domain;

/** One of the monthly indicators a tiers-lieu may give, by the name the API answers it under. */
public enum Indicator {
    MEMBERS("members"),
    DESK_DAYS("deskDays"),
    STAFF_FTE("staffFte"),
    VOLUNTEERS("volunteers"),
    OWN_REVENUE_SHARE("ownRevenueShareAverage");

    private final String field;

    Indicator(String field) {
        this.field = field;
    }

    public String field() {
        return field;
    }
}
