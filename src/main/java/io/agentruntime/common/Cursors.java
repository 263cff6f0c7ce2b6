package io.agentruntime.common;

import io.agentruntime.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * The paging and id parameters of every list and path, read by hand in one place: JAX-RS answers a
 * parameter it cannot convert with a bare 404, where a caller needs a 400 that names the parameter.
 *
 * <p>Cursors are opaque keyset cursors: the position is the last item's sort key (a time-ordered id, a
 * sequence number...), so inserts never shift a page the way offsets would.
 */
public final class Cursors {

    private Cursors() {}

    public static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws ProblemException 400 naming the {@code cursor} parameter when it was not made here */
    public static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badField("cursor", "is not a cursor this API issued");
        }
    }

    /** A cursor of one kind: the kind prefix lets {@link #decode(String, String)} refuse foreign text. */
    public static String encode(String kind, String position) {
        return encode(kind + ":" + position);
    }

    /**
     * The position in a cursor of this kind.
     *
     * @throws ProblemException 400 naming {@code cursor} when it is not such a cursor
     */
    public static String decode(String kind, String cursor) {
        String decoded = decode(cursor);
        String prefix = kind + ":";
        if (!decoded.startsWith(prefix)
                || decoded.length() == prefix.length()
                || decoded.chars().anyMatch(Character::isISOControl)
                || !encode(decoded).equals(cursor.strip())) {
            throw ProblemException.badField("cursor", "is not a cursor this API issued");
        }
        return decoded.substring(prefix.length());
    }

    /**
     * ?limit= as given: 1..100, default 20 when absent.
     *
     * @throws ProblemException 400 naming {@code limit} when it is outside 1..100
     */
    public static int limit(Integer requested) {
        if (requested == null) {
            return Page.DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > Page.MAX_LIMIT) {
            throw badLimit();
        }
        return requested;
    }

    /**
     * ?limit= as text: 1..100, default 20 when absent or blank.
     *
     * @throws ProblemException 400 naming {@code limit} when it is not a whole number in 1..100
     */
    public static int limit(String requested) {
        if (requested == null || requested.isBlank()) {
            return limit((Integer) null);
        }
        try {
            return limit(Integer.valueOf(requested.strip()));
        } catch (NumberFormatException e) {
            throw badLimit();
        }
    }

    /** The position of a cursor of this kind, or null when the caller sent none (the first page). */
    public static String after(String kind, String cursor) {
        return cursor == null || cursor.isBlank() ? null : decode(kind, cursor);
    }

    /**
     * A path or query parameter that must be a UUID, in its canonical 36-character form.
     *
     * @throws ProblemException 400 naming the parameter when it is not
     */
    public static UUID uuid(String name, String value) {
        try {
            if (value != null && value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the problem below
        }
        throw ProblemException.badField(name, "is not a UUID");
    }

    private static ProblemException badLimit() {
        return ProblemException.badField("limit", "must be a whole number between 1 and " + Page.MAX_LIMIT);
    }
}
