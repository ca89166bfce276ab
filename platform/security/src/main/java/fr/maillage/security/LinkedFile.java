package fr.maillage.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that serves a file linked from elsewhere (an open-data export): it takes no
 * query parameter, and ignores those that links carry (tracking, cache-busting) instead of
 * refusing them as every other {@code /api/} endpoint does.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface LinkedFile {
}
