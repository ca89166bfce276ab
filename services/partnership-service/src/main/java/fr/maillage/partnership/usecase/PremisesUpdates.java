package fr.maillage.partnership.usecase;

import fr.maillage.messaging.AggregateStore;
import fr.maillage.partnership.domain.Outcome;
import fr.maillage.partnership.domain.Premises;
import fr.maillage.partnership.events.PartnershipOutbox;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import fr.maillage.security.Role;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Load, decide, store: a command runs on the stored premises and its result is written only if
 * nobody changed them in between (version-guarded single-document update); otherwise the command
 * is decided again on the newer state. So of two reservations at once, the second meets RESERVED.
 * A command that finds its effect already there answers as it did, even with an {@code If-Match}
 * of the version it was first sent with: the client's retry of a write whose answer it lost.
 */
@Component
class PremisesUpdates {

    private static final int ATTEMPTS = 100;

    private final AggregateStore<Premises> premises;

    PremisesUpdates(AggregateStore<Premises> premises) {
        this.premises = premises;
    }

    Outcome update(String premisesId, Long expectedVersion, Consumer<Premises> authorise,
                   Function<Premises, Outcome> command) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            var current = premises.find(premisesId).orElseThrow(() -> ApiException.notFound("premises", premisesId));
            authorise.accept(current.state());
            Outcome outcome = command.apply(current.state());
            if (outcome instanceof Outcome.Unchanged) {
                return outcome; // already done: the retry of a write that succeeded, whatever version it was sent with
            }
            if (expectedVersion != null && expectedVersion != current.version()) {
                throw ApiException.conflict("Premises " + premisesId + " are at version " + current.version()
                        + ", not " + expectedVersion + ": read them again.", Map.of("currentVersion", current.version(),
                        "currentStatus", current.state().status().name()));
            }
            if (outcome instanceof Outcome.Refused refused) {
                throw Refusals.toApiException(refused);
            }
            if (!(outcome instanceof Outcome.Changed changed)) {
                return outcome;
            }
            if (premises.update(premisesId, current.version(), changed.premises().version(), changed.premises(),
                    PartnershipOutbox.of(changed))) {
                return outcome;
            }
        }
        throw ApiException.unavailable("Premises " + premisesId + " are being changed by many requests at once; retry.",
                Duration.ofSeconds(1));
    }

    /** Only the authority that offered the premises decides on them. */
    static Consumer<Premises> offeringAuthority(Caller caller) {
        return premises -> {
            if (!caller.has(Role.LOCAL_AUTHORITY) || !caller.organisationId().equals(premises.offeredBy())) {
                throw ApiException.forbidden("Only the local authority that offered premises " + premises.id()
                        + " (" + premises.offeredBy() + ") may decide on them.");
            }
        };
    }
}
