package fr.maillage.security;

/**
 * Optimistic concurrency over HTTP: versioned resources answer with {@code ETag: "<version>"} and
 * take {@code If-Match: <version>}, quoted or not (a weak {@code W/} prefix is tolerated). Where
 * If-Match is optional, {@code If-Match: *} asks for any current version (RFC 9110), as no
 * If-Match does; where it is required, {@code *} is refused like its absence, since it would not
 * protect against lost updates.
 */
public final class Versions {

    private static final String ANY = "*";

    private Versions() {
    }

    /** The version in If-Match; 428 without one, so that concurrent changes are not lost. */
    public static long requireIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw ApiException.preconditionRequired(
                    "Send 'If-Match: <version>' with the version you read (the ETag of GET), so that concurrent changes are not lost.");
        }
        String value = ifMatch.trim();
        if (ANY.equals(value)) {
            throw ApiException.preconditionRequired("'If-Match: *' matches any version, so concurrent changes could be lost: "
                    + "send 'If-Match: <version>' with the version you read (the ETag of GET).");
        }
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            long version = Long.parseLong(value);
            if (version < 1) {
                throw new NumberFormatException();
            }
            return version;
        } catch (NumberFormatException e) {
            throw ApiException.invalidField("If-Match", "must be a version number such as \"3\"");
        }
    }

    /** The version in an optional If-Match, or null without one or with {@code *} (any version). */
    public static Long optionalIfMatch(String ifMatch) {
        return ifMatch == null || ifMatch.isBlank() || ANY.equals(ifMatch.trim()) ? null : requireIfMatch(ifMatch);
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }
}
