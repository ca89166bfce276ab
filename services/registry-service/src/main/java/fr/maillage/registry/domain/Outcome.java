package fr.maillage.registry.domain;

/**
 * What asking an aggregate for a change gives: the change, nothing to do (the request is already
 * satisfied, so a retry has no second effect), or a refusal with the reason a person can act on.
 */
public sealed interface Outcome<C> {

    record Changed<C>(C change) implements Outcome<C> {
    }

    record Unchanged<C>() implements Outcome<C> {
    }

    record Refused<C>(String reason) implements Outcome<C> {
    }

    static <C> Outcome<C> changed(C change) {
        return new Changed<>(change);
    }

    static <C> Outcome<C> unchanged() {
        return new Unchanged<>();
    }

    static <C> Outcome<C> refused(String reason) {
        return new Refused<>(reason);
    }
}
