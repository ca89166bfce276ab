package fr.maillage.partnership.usecase;

import fr.maillage.messaging.AggregateStore;
import fr.maillage.partnership.domain.DomainViolation;
import fr.maillage.partnership.domain.Offer;
import fr.maillage.partnership.domain.Outcome;
import fr.maillage.partnership.domain.Premises;
import fr.maillage.partnership.domain.PremisesKind;
import fr.maillage.partnership.domain.Terms;
import fr.maillage.partnership.events.PartnershipOutbox;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import fr.maillage.security.Role;
import fr.maillage.territory.Commune;
import fr.maillage.territory.TerritoryLevel;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * A local authority offers premises inside its own territory (its commune, EPCI, département or
 * région, as the registry records it), with a last day not already past. A retry with the same id and
 * details returns the same premises, even once their last day is past.
 */
@Service
public class OfferPremises {

    private final AggregateStore<Premises> premises;
    private final CommuneLookup communes;
    private final Clock clock;

    public OfferPremises(AggregateStore<Premises> premises, CommuneLookup communes, Clock clock) {
        this.premises = premises;
        this.communes = communes;
        this.clock = clock;
    }

    /** {@code idFromIdempotencyKey}: the id stands for the request's Idempotency-Key, not one the client chose. */
    public record Command(String id, boolean idFromIdempotencyKey, String communeCode, String address, int surfaceM2,
                          PremisesKind kind, Terms terms, Long monthlyRentEur, LocalDate availableFrom,
                          LocalDate availableUntil, String description) {
    }

    public record Result(Premises premises, boolean created) {
    }

    public Result offer(Caller caller, Command command) {
        caller.requireAny(Role.LOCAL_AUTHORITY);
        Commune commune = communes.require("communeCode", command.communeCode());
        Offer offer = new Offer(CommuneLookup.toRef(commune), command.address() == null ? null : command.address().strip(),
                command.surfaceM2(), command.kind(), command.terms(),
                command.monthlyRentEur() == null ? 0 : command.monthlyRentEur(), command.availableFrom(),
                command.availableUntil(), command.description() == null ? null : command.description().strip());
        // a retry answers as the offer made, whatever this instance's copy of the registry says of the territory now
        Optional<Premises> made = sameOfferMadeBefore(caller, command.id(), offer);
        if (made.isPresent()) {
            return new Result(made.get(), false);
        }
        requireInsideTerritory(caller, commune);
        Outcome.Changed offered;
        try {
            offered = Premises.offer(command.id(), caller.organisationId(), offer, clock.instant());
        } catch (DomainViolation ofToday) {
            // a rule of the day (the last day is past) binds new offers only: one made before answers as it did
            return sameOfferMadeBefore(caller, command.id(), offer).map(existing -> new Result(existing, false))
                    .orElseThrow(() -> ofToday);
        }
        if (premises.insert(command.id(), 1, offered.premises(), PartnershipOutbox.of(offered))) {
            return new Result(offered.premises(), true);
        }
        return new Result(sameOfferMadeBefore(caller, command.id(), offer).orElseThrow(() -> otherDetails(command)), false);
    }

    /** The premises stored under this id, if this organisation offered them with these very details. */
    private Optional<Premises> sameOfferMadeBefore(Caller caller, String id, Offer offer) {
        return premises.find(id).map(AggregateStore.Versioned::state)
                .filter(existing -> existing.offeredBy().equals(caller.organisationId()) && existing.offer().equals(offer));
    }

    private static ApiException otherDetails(Command command) {
        if (command.idFromIdempotencyKey()) {
            // the client never saw this id: it sent a key
            return ApiException.conflict("This Idempotency-Key was already used for a different request (other "
                    + "premises details); send a new Idempotency-Key with a new request.",
                    Map.of("premisesId", command.id()));
        }
        return ApiException.conflict("Premises with the id " + command.id()
                + " already exist with other details; use another id.", Map.of("premisesId", command.id()));
    }

    private void requireInsideTerritory(Caller caller, Commune commune) {
        if (caller.territoryLevel() == null || caller.territoryCode() == null) {
            throw ApiException.forbidden("The registry records no territory for organisation " + caller.organisationId()
                    + ": the national structure must set it before the authority can offer premises.");
        }
        TerritoryLevel level;
        try {
            level = TerritoryLevel.valueOf(caller.territoryLevel());
        } catch (IllegalArgumentException e) {
            throw ApiException.forbidden("The territory level " + caller.territoryLevel() + " of organisation "
                    + caller.organisationId() + " is unknown here.");
        }
        if (!communes.territory().contains(level, caller.territoryCode(), commune)) {
            throw ApiException.forbidden("The commune " + commune.code() + " (" + commune.name()
                    + ") is outside your territory (" + level + " " + caller.territoryCode()
                    + "): an authority offers premises only inside its own territory.");
        }
    }
}
