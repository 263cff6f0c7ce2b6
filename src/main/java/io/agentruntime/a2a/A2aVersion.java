package io.agentruntime.a2a;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;

/**
 * The A2A-Version service parameter (specification 3.6): a request names the protocol version it speaks,
 * by header or query parameter. This server speaks 1.0 only. A request without it is, by the
 * specification, a 0.3 request, which this server does not speak: it is refused with
 * VersionNotSupportedError naming the version to send, rather than read as 1.0 by guess.
 */
final class A2aVersion {

    static final String HEADER = "A2A-Version";

    private A2aVersion() {}

    /** The version as a request gives it: the header, or the query parameter. */
    public static class Given {

        @HeaderParam(HEADER)
        String header;

        @QueryParam(HEADER)
        String query;

        /** @throws A2aError VERSION_NOT_SUPPORTED unless it is 1.0 */
        void check() {
            A2aVersion.check(header, query);
        }
    }

    /** @throws A2aError VERSION_NOT_SUPPORTED unless the value is 1.0 (a patch number is ignored) */
    static void check(String header, String query) {
        String value = header != null && !header.isBlank() ? header.strip() : query == null ? "" : query.strip();
        if (value.isEmpty()) {
            throw A2aError.of(
                    A2aError.Kind.VERSION_NOT_SUPPORTED,
                    "A request without " + HEADER + " is an A2A 0.3 request, which this server does not speak: send "
                            + HEADER + ": " + A2aCards.PROTOCOL_VERSION);
        }
        String[] parts = value.split("\\.");
        boolean one = parts[0].equals("1") && (parts.length == 1 || parts[1].equals("0"));
        if (!one) {
            throw A2aError.of(
                    A2aError.Kind.VERSION_NOT_SUPPORTED,
                    "A2A " + value + " is not supported: this server speaks A2A " + A2aCards.PROTOCOL_VERSION);
        }
    }
}
