package fr.maillage.registry.usecase;

import fr.maillage.messaging.AggregateStore;
import fr.maillage.registry.domain.LegalIdentifiers;
import fr.maillage.registry.domain.Organisation;
import fr.maillage.registry.domain.OrganisationKind;
import fr.maillage.registry.events.RegistryOutbox;
import fr.maillage.security.ApiException;
import fr.maillage.territory.TerritoryLevel;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Registers an organisation once its legal identifiers and territory are checked (a SIRET passes
 * Luhn, an RNA its format, a local authority names a territory of the official geography); a
 * retry with the same id and the same fields returns the one registered.
 */
@Service
public class RegisterOrganisation {

    private final AggregateStore<Organisation> organisations;
    private final CommuneLookup communes;
    private final Clock clock;

    RegisterOrganisation(AggregateStore<Organisation> organisations, CommuneLookup communes, Clock clock) {
        this.organisations = organisations;
        this.communes = communes;
        this.clock = clock;
    }

    public record Command(String id, String name, OrganisationKind kind, String siret, String rna, Set<String> roles,
                          Organisation.Territory territory) {
    }

    public record Registered(Organisation organisation, boolean created) {
    }

    public Registered register(Command command) {
        List<ApiException.FieldError> errors = problems(command);
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors.stream().map(e -> e.field() + ": " + e.message())
                    .collect(Collectors.joining("; ")), errors);
        }
        Organisation.Change change = Organisation.register(command.id(), command.name(), command.kind(),
                command.siret(), command.rna(), command.roles(), canonical(command.territory()), clock.instant());
        if (organisations.insert(command.id(), 1, change.organisation(), RegistryOutbox.of(change))) {
            return new Registered(change.organisation(), true);
        }
        Organisation existing = organisations.find(command.id()).orElseThrow().state();
        // canonical on both sides: the retry of one stored before codes were canonical is the same registration
        if (sameRegistration(existing, change.organisation())
                && Objects.equals(canonical(existing.territory()), change.organisation().territory())) {
            return new Registered(existing, false);
        }
        throw ApiException.conflict("A different organisation already has the id " + command.id() + ".",
                Map.of("currentVersion", existing.version()));
    }

    private List<ApiException.FieldError> problems(Command command) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        if (command.siret() != null) {
            LegalIdentifiers.siretProblem(command.siret()).ifPresent(p -> errors.add(new ApiException.FieldError("siret", p)));
        }
        if (command.rna() != null) {
            LegalIdentifiers.rnaProblem(command.rna()).ifPresent(p -> errors.add(new ApiException.FieldError("rna", p)));
        }
        Organisation.Territory territory = command.territory();
        if (command.roles().contains("LOCAL_AUTHORITY") && territory == null) {
            errors.add(new ApiException.FieldError("territory",
                    "is required for a LOCAL_AUTHORITY (its commune, EPCI, département or région)"));
        }
        if (territory != null && !communes.territory().exists(TerritoryLevel.valueOf(territory.level()), territory.code())) {
            errors.add(new ApiException.FieldError("territory.code", "no " + territory.level() + " has the code '"
                    + territory.code() + "'"));
        }
        return errors;
    }

    /** Apart from the territory, which {@link #canonical} compares. */
    private static boolean sameRegistration(Organisation a, Organisation b) {
        return a.name().equals(b.name()) && a.kind() == b.kind() && a.roles().equals(b.roles())
                && Objects.equals(a.siret(), b.siret()) && Objects.equals(a.rna(), b.rna());
    }

    /**
     * The territory under the code every comparison uses (the places' and the reports' codes):
     * " 84" or an old commune's code would match nothing. One that does not exist stays as it is.
     */
    private Organisation.Territory canonical(Organisation.Territory territory) {
        if (territory == null) {
            return null;
        }
        return communes.territory().canonicalCode(TerritoryLevel.valueOf(territory.level()), territory.code())
                .map(code -> new Organisation.Territory(territory.level(), code)).orElse(territory);
    }
}
