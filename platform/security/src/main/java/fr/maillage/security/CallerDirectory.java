package fr.maillage.security;

import java.util.Optional;

/** Finds the organisation behind an API key, by the key's SHA-256 hash. */
public interface CallerDirectory {
    Optional<Caller> findByKeyHash(String sha256);
}
