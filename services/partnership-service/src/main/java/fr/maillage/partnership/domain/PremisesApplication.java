package fr.maillage.partnership.domain;

import java.time.Instant;
import java.util.Objects;

/** An organisation's application for premises, with its project (kept here, never put in events). */
public record PremisesApplication(String id, String organisationId, String project, ApplicationStatus status,
                                  Instant submittedAt, Instant decidedAt) {

    public static final int MAX_PROJECT_LENGTH = 2000;

    public PremisesApplication {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(organisationId, "organisationId");
        Objects.requireNonNull(status, "status");
        if (project == null || project.isBlank()) {
            throw new DomainViolation("project", "must describe the project");
        }
        if (project.length() > MAX_PROJECT_LENGTH) {
            throw new DomainViolation("project", "must be at most " + MAX_PROJECT_LENGTH + " characters");
        }
    }

    PremisesApplication decided(ApplicationStatus decision, Instant at) {
        return new PremisesApplication(id, organisationId, project, decision, submittedAt, at);
    }

    boolean sameAs(String organisationId, String project) {
        return this.organisationId.equals(organisationId) && this.project.equals(project);
    }
}
