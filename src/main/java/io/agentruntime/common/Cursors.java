package io.agentruntime.common;

import io.agentruntime.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque keyset cursors: the position is the last item's sort key (a time-ordered id, a sequence
 * number...), so inserts never shift a page the way offsets would.
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

    /** Clamps ?limit= to 1..100, default 20. */
    public static int limit(Integer requested) {
        if (requested == null) {
            return Page.DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > Page.MAX_LIMIT) {
            throw ProblemException.badField("limit", "must be between 1 and " + Page.MAX_LIMIT);
        }
        return requested;
    }
}
