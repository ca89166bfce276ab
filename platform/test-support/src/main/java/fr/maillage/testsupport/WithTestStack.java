package fr.maillage.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Starts the {@link TestStack} before the test class (and before its Spring context). */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(WithTestStack.Extension.class)
public @interface WithTestStack {

    class Extension implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            TestStack.start();
        }
    }
}
