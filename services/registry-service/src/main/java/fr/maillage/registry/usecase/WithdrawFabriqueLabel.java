package fr.maillage.registry.usecase;

import fr.maillage.registry.domain.FabriqueLabel;
import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.registry.store.RegistrySearches;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import fr.maillage.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Withdraws the Fabrique label of a tiers-lieu (national structure only), refused while its network
 * has members: they are removed one by one first, so no place is left in a network without a Fabrique.
 */
@Service
public class WithdrawFabriqueLabel {

    private static final Logger log = LoggerFactory.getLogger(WithdrawFabriqueLabel.class);

    private final PlaceChanges changes;
    private final RegistrySearches searches;

    WithdrawFabriqueLabel(PlaceChanges changes, RegistrySearches searches) {
        this.changes = changes;
        this.searches = searches;
    }

    /** {@code expectedVersion} may be null: the command means the same whatever the version. */
    public record Command(String thirdPlaceId, Long expectedVersion) {
    }

    public ThirdPlace withdraw(Caller caller, Command command) {
        caller.requireAny(Role.NATIONAL);
        String fabriqueId = command.thirdPlaceId();
        AtomicReference<FabriqueLabel> replaced = new AtomicReference<>();
        var applied = changes.apply(fabriqueId, command.expectedVersion(), place -> { }, (place, now) -> {
            replaced.set(place.fabriqueLabel());
            return place.withdrawLabel(searches.networkMembers(fabriqueId), now);
        });
        if (!applied.place().isFabrique()) { // a retry too, which has no label of its own to put back
            refuseIfMembersJoined(fabriqueId, applied.changed() ? replaced.get() : null, applied.place().version());
        }
        return applied.place();
    }

    /**
     * Members counted once the withdrawal is written: places whose addition read the label before
     * it was withdrawn and joined after the count. Each addition reads the label again after
     * joining and undoes itself if it is gone; one that read it before the withdrawal was written
     * is found here (whichever order the writes take, one side sees the other), and the
     * withdrawal gives way: the label is put back, only over the version this withdrawal wrote
     * (a label changed since is not this withdrawal's to put back), and the withdrawal refused,
     * as it would have been had it counted a moment later.
     */
    private void refuseIfMembersJoined(String fabriqueId, FabriqueLabel replaced, long withdrawnVersion) {
        long members = searches.networkMembers(fabriqueId);
        if (members == 0) {
            return;
        }
        log.warn("{} place(s) joined the network of {} while its Fabrique label was being withdrawn", members, fabriqueId);
        boolean restored = false;
        if (replaced != null) {
            try {
                restored = changes.apply(fabriqueId, withdrawnVersion, place -> { },
                        (place, now) -> place.restoreLabel(replaced, now)).place().isFabrique();
            } catch (ApiException e) {
                if (e.status() != HttpStatus.CONFLICT) {
                    throw e;
                }
            }
        }
        throw ApiException.conflict(restored
                ? "A tiers-lieu joined the network of the Fabrique " + fabriqueId + " while its label was being"
                        + " withdrawn: the label stays. Remove the network's members before withdrawing the label."
                : "The network of the Fabrique " + fabriqueId + " has " + members + " member(s) that joined while its"
                        + " label was being withdrawn, or the Fabrique changed since: read it and its members again"
                        + " (a member may be leaving), remove them, then withdraw the label again.", Map.of());
    }
}
