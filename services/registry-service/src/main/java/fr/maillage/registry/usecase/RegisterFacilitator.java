package fr.maillage.registry.usecase;

import fr.maillage.messaging.AggregateStore;
import fr.maillage.registry.domain.Facilitator;
import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Registers a facilitator at a tiers-lieu: the national structure or the place's operator. A retry
 * with the same id and the same person returns the facilitator already registered; once that
 * facilitator is erased, the retry is refused rather than storing the person again.
 */
@Service
public class RegisterFacilitator {

    private final AggregateStore<Facilitator> facilitators;
    private final AggregateStore<ThirdPlace> places;
    private final FacilitatorCounts counts;
    private final Clock clock;

    RegisterFacilitator(AggregateStore<Facilitator> facilitators, AggregateStore<ThirdPlace> places,
                        FacilitatorCounts counts, Clock clock) {
        this.facilitators = facilitators;
        this.places = places;
        this.counts = counts;
        this.clock = clock;
    }

    /** {@code id} is pseudonymous: random, or derived from the caller's idempotency key, never from the person. */
    public record Command(String id, String thirdPlaceId, Facilitator.Person person) {
    }

    public record Registered(Facilitator facilitator, boolean created) {
    }

    public Registered register(Caller caller, Command command) {
        ThirdPlace place = places.find(command.thirdPlaceId()).orElseThrow(() -> ApiException.invalidField(
                "thirdPlaceId", "no tiers-lieu has the id '" + command.thirdPlaceId() + "'")).state();
        Access.requireNationalOrOperator(caller, place, "register its facilitators");
        Facilitator.Change change = Facilitator.register(command.id(), place.id(), command.person(), clock.instant());
        boolean created = facilitators.insert(command.id(), 1, change.facilitator(), List.of());
        Facilitator facilitator = change.facilitator();
        if (!created) {
            facilitator = facilitators.find(command.id()).orElseThrow().state();
            if (facilitator.erased()) {
                // the retry must not bring back what the erasure removed
                throw ApiException.conflict("The facilitator with the id " + command.id() + " was erased (their"
                        + " personal data removed): this registration cannot be repeated (a new registration, with another"
                        + " Idempotency-Key, would record them as a new facilitator).", Map.of());
            }
            if (!facilitator.thirdPlaceId().equals(place.id()) || !command.person().equals(facilitator.person())) {
                throw ApiException.conflict("A different facilitator already has the id " + command.id()
                        + " (with an Idempotency-Key: that key was used for another request). Send a new"
                        + " Idempotency-Key for another facilitator; nothing was changed.",
                        Map.of());
            }
        }
        counts.refreshAfterWrite(place.id());
        return new Registered(facilitator, created);
    }
}
