package io.agentruntime.common;

import io.agentruntime.common.problem.ProblemException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The strict rule for the URL, before any resource sees it: a NUL character ({@code %00}) in the path
 * or in a query parameter is a 400 naming the parameter (PostgreSQL cannot store or compare it), and
 * so is a query string that is not properly percent-encoded. Runs after {@link RequestIdFilter} so that
 * the problem carries the request id.
 */
public class StrictParameters {

    @ServerRequestFilter(preMatching = true, priority = Priorities.USER + 10)
    public void check(ContainerRequestContext ctx) {
        MultivaluedMap<String, String> query;
        String path;
        try {
            path = ctx.getUriInfo().getPath();
            query = ctx.getUriInfo().getQueryParameters();
        } catch (IllegalArgumentException e) {
            throw ProblemException.badField("query", "is not a properly percent-encoded query string");
        }
        if (hasNul(path)) {
            throw ProblemException.badField("path", "must not contain the NUL character (%00)");
        }
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            if (hasNul(parameter.getKey())) {
                throw ProblemException.badField("query", "parameter names must not contain the NUL character (%00)");
            }
            for (String value : parameter.getValue()) {
                if (hasNul(value)) {
                    throw ProblemException.badField(parameter.getKey(), "must not contain the NUL character (%00)");
                }
            }
        }
    }

    private static boolean hasNul(String s) {
        return s != null && s.indexOf('\u0000') >= 0;
    }
}
