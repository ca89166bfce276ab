package fr.maillage.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import de.bwaldvogel.mongo.backend.h2.H2Collection;
import org.junit.jupiter.api.Test;

/**
 * The backend's collection expects decoded documents in its map; this one keeps BSON there. So
 * every method the backend declares must be replaced (those of its byte count too, which is no
 * longer kept): a new version of the backend adding one fails here, not in a query.
 */
class H2CollectionCoverageTest {

    @Test
    void everyMethodOfTheBackendThatTouchesTheDocumentsIsReplaced() {
        List<String> notReplaced = Arrays.stream(H2Collection.class.getDeclaredMethods())
                .filter(method -> !Modifier.isStatic(method.getModifiers()) && !Modifier.isPrivate(method.getModifiers()))
                .filter(method -> !method.isSynthetic())
                .filter(method -> !replaced(method))
                .map(Method::toString)
                .toList();
        assertThat(notReplaced).isEmpty();
    }

    private static boolean replaced(Method method) {
        try {
            IdFirstH2Collection.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
