package fr.maillage.partnership.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of premises: OFFERED → APPLIED → RESERVED → AGREEMENT_SIGNED, or WITHDRAWN from any
 * state before the agreement. APPLIED → APPLIED is a further application.
 */
public enum PremisesStatus {
    OFFERED, APPLIED, RESERVED, AGREEMENT_SIGNED, WITHDRAWN;

    /** The states reachable in one step; none from a final state. */
    public Set<PremisesStatus> next() {
        return switch (this) {
            case OFFERED -> EnumSet.of(APPLIED, WITHDRAWN);
            case APPLIED -> EnumSet.of(APPLIED, RESERVED, WITHDRAWN);
            case RESERVED -> EnumSet.of(AGREEMENT_SIGNED, WITHDRAWN);
            case AGREEMENT_SIGNED, WITHDRAWN -> EnumSet.noneOf(PremisesStatus.class);
        };
    }

    public boolean canMoveTo(PremisesStatus target) {
        return next().contains(target);
    }

    public boolean isFinal() {
        return next().isEmpty();
    }
}
