package fr.maillage.partnership.domain;

/** A value that breaks a domain rule, naming the request field a person has to correct. */
public final class DomainViolation extends RuntimeException {

    private final String field;

    public DomainViolation(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
