package io.agentruntime.session.api;

import io.agentruntime.session.SessionService;

/**
 * Who the caller is, for the {@code owner} of what they create and the sessions they list. There is
 * no authentication yet (no quarkus-security), so everybody is {@value SessionService#ANONYMOUS};
 * with it, this becomes the principal's name.
 */
final class Owners {

    private Owners() {}

    static String current() {
        return SessionService.ANONYMOUS;
    }
}
