package fr.maillage.security;

/**
 * Optimistic concurrency over HTTP: versioned resources answer with {@code ETag: "<version>"} and
 * take {@code If-Match: <version>}, quoted or not (a weak {@code W/} prefix is tolerated).
 */
public final class Versions {

    private Versions() {
    }

    /** The version in If-Match; 428 without one, so that concurrent changes are not lost. */
    public static long requireIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw ApiException.preconditionRequired(
                    "Send 'If-Match: <version>' with the version you read (the ETag of GET), so that concurrent changes are not lost.");
        }
        String value = ifMatch.trim();
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

    /** The version in an optional If-Match, or null without one. */
    public static Long optionalIfMatch(String ifMatch) {
        return ifMatch == null || ifMatch.isBlank() ? null : requireIfMatch(ifMatch);
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }
}
