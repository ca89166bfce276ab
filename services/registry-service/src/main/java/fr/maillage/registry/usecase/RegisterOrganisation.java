package fr.maillage.registry.usecase;

import fr.maillage.messaging.AggregateStore;
import fr.maillage.registry.domain.LegalIdentifiers;
import fr.maillage.registry.domain.Organisation;
import fr.maillage.registry.domain.OrganisationKind;
import fr.maillage.registry.events.RegistryOutbox;
import fr.maillage.registry.store.LegalIdReservations;
import fr.maillage.registry.store.RegistrySearches;
import fr.maillage.security.ApiException;
import fr.maillage.territory.TerritoryLevel;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Registers an organisation once its legal identifiers and territory are checked (a SIRET passes
 * Luhn, an RNA its format and belongs to an association, a local authority names a territory of the
 * official geography); a retry with the same id and the same fields returns the one registered.
 * A SIRET or an RNA names one organisation: each is reserved for it ({@link LegalIdReservations})
 * before it is written, and one another organisation holds is refused (409 naming it).
 */
@Service
public class RegisterOrganisation {

    /**
     * How long a reservation whose organisation was not written stands in the way of another
     * organisation: its registration may still be on its way (a retry of the same one takes it at
     * once), and must not find it taken once it writes (a write may take the driver's timeouts,
     * 30 s, and its retry: far less than this). Past that, it is what a registration that died
     * before writing the organisation left.
     */
    static final Duration UNFINISHED = Duration.ofMinutes(10);
    private static final int ATTEMPTS = 5;

    private final AggregateStore<Organisation> organisations;
    private final LegalIdReservations reservations;
    private final RegistrySearches searches;
    private final CommuneLookup communes;
    private final Clock clock;

    RegisterOrganisation(AggregateStore<Organisation> organisations, LegalIdReservations reservations,
                         RegistrySearches searches, CommuneLookup communes, Clock clock) {
        this.organisations = organisations;
        this.reservations = reservations;
        this.searches = searches;
        this.communes = communes;
        this.clock = clock;
    }

    /** A SIRET or an RNA: {@code kind} is also the organisation's field that holds it. */
    private record LegalId(String kind, String value) {
        String key() {
            return kind + ":" + value;
        }

        String label() {
            return kind.toUpperCase(Locale.ROOT);
        }

        static List<LegalId> of(Organisation organisation) {
            List<LegalId> ids = new ArrayList<>();
            if (organisation.siret() != null) {
                ids.add(new LegalId("siret", organisation.siret()));
            }
            if (organisation.rna() != null) {
                ids.add(new LegalId("rna", organisation.rna()));
            }
            return ids;
        }
    }

    private static final Set<OrganisationKind> LOCAL_AUTHORITY_KINDS = EnumSet.of(OrganisationKind.COMMUNE,
            OrganisationKind.EPCI, OrganisationKind.DEPARTEMENT, OrganisationKind.REGION);

    public record Command(String id, String name, OrganisationKind kind, String siret, String rna, Set<String> roles,
                          Organisation.Territory territory) {
    }

    public record Registered(Organisation organisation, boolean created) {
    }

    public Registered register(Command command) {
        List<ApiException.FieldError> errors = problems(command);
        if (!errors.isEmpty()) {
            // refused anyway, so no earlier registration answers it: every problem at once
            errors = new ArrayList<>(errors);
            errors.addAll(localAuthorityProblems(command));
            throw ApiException.badRequest(errors.stream().map(e -> e.field() + ": " + e.message())
                    .collect(Collectors.joining("; ")), errors);
        }
        Organisation.Change change = Organisation.register(command.id(), command.name(), command.kind(),
                command.siret(), command.rna(), command.roles(), canonical(command.territory()), clock.instant());
        var known = organisations.find(command.id());
        if (known.isPresent()) { // a retry answers as the registration did: its legal ids were reserved for it then
            return retried(known.get(), change.organisation());
        }
        // checked once no earlier registration answers: an authority registered before the rule is retried as it was
        List<ApiException.FieldError> authority = localAuthorityProblems(command);
        if (!authority.isEmpty()) {
            throw ApiException.badRequest(authority.stream().map(e -> e.field() + ": " + e.message())
                    .collect(Collectors.joining("; ")), authority);
        }
        List<LegalId> reserved = new ArrayList<>();
        try {
            for (LegalId legalId : LegalId.of(change.organisation())) {
                reserve(legalId, command.id());
                reserved.add(legalId);
            }
        } catch (ApiException refused) {
            // refused on its RNA after its SIRET was reserved: the corrected request (a new id) must not wait for it
            reserved.forEach(legalId -> reservations.release(legalId.key(), command.id()));
            throw refused;
        }
        if (organisations.insert(command.id(), 1, change.organisation(), RegistryOutbox.of(change))) {
            return new Registered(change.organisation(), true);
        }
        return retried(organisations.find(command.id()).orElseThrow(), change.organisation());
    }

    private Registered retried(AggregateStore.Versioned<Organisation> found, Organisation registration) {
        Organisation existing = found.state();
        // canonical on both sides: the retry of one stored before codes were canonical is the same registration
        if (sameRegistration(existing, registration)
                && Objects.equals(canonical(existing.territory()), registration.territory())) {
            return new Registered(existing, false);
        }
        throw ApiException.conflict("An organisation with other fields already has the id " + registration.id()
                + " (with an Idempotency-Key: that key was used for another request). Send another id, or a new"
                + " Idempotency-Key, for another organisation; nothing was changed.",
                Map.of("currentVersion", found.version()));
    }

    /**
     * Reserves {@code legalId} for the organisation {@code organisationId} about to be written, or
     * refuses it: 409 when another organisation holds it, 503 while another registration of it is
     * on its way. A reservation that names no organisation holding it (a registration refused for
     * its id, or one that died before writing the organisation) is taken over.
     */
    private void reserve(LegalId legalId, String organisationId) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            var held = reservations.reserve(legalId.key(), organisationId, now);
            if (held.isEmpty()) {
                refuseIfHeldBeforeReservations(legalId, organisationId, now);
                return;
            }
            LegalIdReservations.Reservation reservation = held.get();
            var holder = organisations.find(reservation.organisationId()).map(AggregateStore.Versioned::state);
            if (holder.isPresent() && LegalId.of(holder.get()).contains(legalId)) {
                throw heldBy(legalId, holder.get().id());
            }
            Instant finishedBy = reservation.reservedAt().plus(UNFINISHED);
            if (holder.isEmpty() && now.isBefore(finishedBy)) {
                throw ApiException.unavailable("The " + legalId.label() + " " + legalId.value() + " is being registered"
                        + " for the organisation " + reservation.organisationId() + "; retry in a moment.",
                        Duration.ofSeconds(Math.max(1, Duration.between(now, finishedBy).toSeconds() + 1)));
            }
            if (reservations.takeOver(reservation, organisationId, now)) {
                refuseIfHeldBeforeReservations(legalId, organisationId, now);
                return;
            }
        }
        throw ApiException.unavailable("The " + legalId.label() + " " + legalId.value() + " is being registered by"
                + " many requests at once; retry.", Duration.ofSeconds(1));
    }

    /**
     * An organisation registered before legal ids were reserved holds its SIRET or RNA without a
     * reservation: the reservation just made is handed to it, and the registration refused.
     */
    private void refuseIfHeldBeforeReservations(LegalId legalId, String organisationId, Instant reservedAt) {
        Optional<Organisation> earlier = searches.holderOfLegalId(legalId.kind(), legalId.value(), organisationId);
        if (earlier.isPresent()) {
            reservations.takeOver(new LegalIdReservations.Reservation(legalId.key(), organisationId, reservedAt),
                    earlier.get().id(), reservedAt);
            throw heldBy(legalId, earlier.get().id());
        }
    }

    private static ApiException heldBy(LegalId legalId, String holderId) {
        return ApiException.conflict("The " + legalId.label() + " " + legalId.value() + " is that of the organisation "
                + holderId + ": a " + legalId.label() + " names one organisation. Use that organisation, or correct the "
                + legalId.label() + ".", Map.of("organisationId", holderId, "field", legalId.kind()));
    }

    private List<ApiException.FieldError> problems(Command command) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        if (command.siret() != null) {
            LegalIdentifiers.siretProblem(command.siret()).ifPresent(p -> errors.add(new ApiException.FieldError("siret", p)));
        }
        if (command.rna() != null) {
            LegalIdentifiers.rnaProblem(command.rna()).ifPresent(p -> errors.add(new ApiException.FieldError("rna", p)));
            if (command.kind() != OrganisationKind.ASSOCIATION) {
                errors.add(new ApiException.FieldError("rna", "is the number of an association in the Répertoire"
                        + " national des associations: an organisation of kind " + command.kind() + " has none"));
            }
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

    /** A collectivité territoriale offers premises in its own territory, which its kind names. */
    private static List<ApiException.FieldError> localAuthorityProblems(Command command) {
        if (!command.roles().contains("LOCAL_AUTHORITY")) {
            return List.of();
        }
        if (!LOCAL_AUTHORITY_KINDS.contains(command.kind())) {
            return List.of(new ApiException.FieldError("kind", "must be COMMUNE, EPCI, DEPARTEMENT or REGION for a"
                    + " LOCAL_AUTHORITY (a collectivité territoriale), not " + command.kind()));
        }
        if (command.territory() != null && !command.territory().level().equals(command.kind().name())) {
            return List.of(new ApiException.FieldError("territory.level", "must be " + command.kind().name()
                    + " for a LOCAL_AUTHORITY of kind " + command.kind().name() + ": its territory is its own"));
        }
        return List.of();
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
