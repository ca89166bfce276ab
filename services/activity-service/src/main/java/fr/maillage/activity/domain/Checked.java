package fr.maillage.activity.domain;

import java.util.List;
import java.util.stream.Collectors;

/** A submitted item after validation: either a valid domain value or the problems that refuse it. */
public sealed interface Checked<T> {

    record Valid<T>(T value) implements Checked<T> {
    }

    record Invalid<T>(List<Problem> problems) implements Checked<T> {
        public Invalid {
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid item has at least one problem");
            }
            problems = List.copyOf(problems);
        }

        public String reason() {
            return problems.stream().map(p -> p.field() + " " + p.message()).collect(Collectors.joining("; "));
        }
    }

    /** One reason an item is refused, naming the field. */
    record Problem(String field, String message) {
    }
}
