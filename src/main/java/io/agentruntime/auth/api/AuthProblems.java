package io.agentruntime.auth.api;

import io.agentruntime.common.problem.ProblemException;
import io.agentruntime.common.problem.ProblemMappers;
import io.agentruntime.common.problem.ProblemType;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Security's refusals as problems: 401 with {@code WWW-Authenticate: Bearer} for no or bad credentials,
 * 403 for a caller without the role. The words never say whether a key, a token's subject or an id exists.
 */
public class AuthProblems {

    static final String NO_CREDENTIALS = "This API needs credentials: Authorization: Bearer <API key or token>";
    static final String BAD_CREDENTIALS = "The credentials are not valid (unknown, revoked or expired key, or a token "
            + "that is not valid for this service)";
    static final String NOT_ALLOWED = "The caller's role does not allow this request";

    private final ProblemMappers problems = new ProblemMappers();

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri, HttpServerRequest request) {
        return answer(ProblemType.UNAUTHORIZED, NO_CREDENTIALS, "Bearer", uri, request);
    }

    @ServerExceptionMapper
    public Response badCredentials(AuthenticationFailedException e, UriInfo uri, HttpServerRequest request) {
        return answer(ProblemType.UNAUTHORIZED, BAD_CREDENTIALS, "Bearer error=\"invalid_token\"", uri, request);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri, HttpServerRequest request) {
        return answer(ProblemType.FORBIDDEN, NOT_ALLOWED, null, uri, request);
    }

    private Response answer(ProblemType type, String detail, String challenge, UriInfo uri, HttpServerRequest request) {
        Map<String, String> headers = challenge == null ? Map.of() : Map.of("WWW-Authenticate", challenge);
        return problems.problem(new ProblemException(type, detail, List.of(), headers, null), uri, request);
    }
}
