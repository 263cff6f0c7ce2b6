package io.agentruntime.session;

import io.agentruntime.common.Cursors;
import io.agentruntime.common.Page;
import io.agentruntime.common.problem.ProblemException;
import java.util.UUID;

/**
 * Path and query parameters read by hand: JAX-RS answers a parameter it cannot convert with a bare
 * 404, where a caller needs a 400 that names the parameter.
 */
final class Params {

    private Params() {}

    static UUID uuid(String name, String value) {
        try {
            if (value != null && value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the problem below
        }
        throw ProblemException.badField(name, "is not a UUID");
    }

    static int limit(String value) {
        if (value == null || value.isBlank()) {
            return Cursors.limit(null);
        }
        try {
            return Cursors.limit(Integer.valueOf(value.trim()));
        } catch (NumberFormatException e) {
            throw ProblemException.badField("limit", "must be an integer between 1 and " + Page.MAX_LIMIT);
        }
    }
}
