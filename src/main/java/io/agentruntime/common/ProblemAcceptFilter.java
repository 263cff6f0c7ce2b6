package io.agentruntime.common;

import io.agentruntime.common.problem.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Content negotiation never fails a client that accepts {@code application/problem+json}: such a
 * client (generated SDKs send it, alone, whenever a problem is the first JSON-like answer they see
 * documented) asks for problems as errors, not for the resource to be one. So the resource's own
 * types are added behind it: JSON first, then anything the operation produces (an event stream).
 * A client that names its media types precisely keeps its order: they come before the fallback.
 */
public class ProblemAcceptFilter {

    /** Added to an Accept that allows problems: JSON just below them, then any other type. */
    static final String FALLBACK = MediaType.APPLICATION_JSON + ";q=0.9, */*;q=0.1";

    @ServerRequestFilter(preMatching = true)
    public void widen(ContainerRequestContext ctx, HttpServerRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept != null && allowsProblems(accept)) {
            String widened = accept + ", " + FALLBACK;
            // Both views of the headers: matching reads one, resource methods the other.
            request.headers().set(HttpHeaders.ACCEPT, widened);
            ctx.getHeaders().putSingle(HttpHeaders.ACCEPT.toString(), widened);
        }
    }

    static boolean allowsProblems(String accept) {
        for (String range : accept.split(",")) {
            int params = range.indexOf(';');
            String type = (params < 0 ? range : range.substring(0, params)).strip();
            if (type.toLowerCase(Locale.ROOT).equals(Problem.MEDIA_TYPE)) {
                return true;
            }
        }
        return false;
    }
}
