package fr.maillage.registry.usecase;

import fr.maillage.messaging.AggregateStore;
import fr.maillage.registry.domain.Organisation;
import fr.maillage.registry.domain.OrganisationKind;
import fr.maillage.registry.events.RegistryOutbox;
import fr.maillage.security.ApiException;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Registers an organisation; a retry with the same id and the same fields returns the one registered. */
@Service
public class RegisterOrganisation {

    private final AggregateStore<Organisation> organisations;
    private final Clock clock;

    RegisterOrganisation(AggregateStore<Organisation> organisations, Clock clock) {
        this.organisations = organisations;
        this.clock = clock;
    }

    public record Command(String id, String name, OrganisationKind kind, String siret, String rna, Set<String> roles,
                          Organisation.Territory territory) {
    }

    public record Registered(Organisation organisation, boolean created) {
    }

    public Registered register(Command command) {
        Organisation.Change change = Organisation.register(command.id(), command.name(), command.kind(),
                command.siret(), command.rna(), command.roles(), command.territory(), clock.instant());
        if (organisations.insert(command.id(), 1, change.organisation(), RegistryOutbox.of(change))) {
            return new Registered(change.organisation(), true);
        }
        Organisation existing = organisations.find(command.id()).orElseThrow().state();
        if (sameRegistration(existing, change.organisation())) {
            return new Registered(existing, false);
        }
        throw ApiException.conflict("A different organisation already has the id " + command.id() + ".",
                Map.of("currentVersion", existing.version()));
    }

    private static boolean sameRegistration(Organisation a, Organisation b) {
        return a.name().equals(b.name()) && a.kind() == b.kind() && a.roles().equals(b.roles())
                && Objects.equals(a.siret(), b.siret()) && Objects.equals(a.rna(), b.rna())
                && Objects.equals(a.territory(), b.territory());
    }
}
