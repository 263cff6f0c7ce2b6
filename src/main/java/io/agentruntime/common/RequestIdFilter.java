package io.agentruntime.common;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Gives every request an id (the caller's X-Request-Id when sane), logs it in the MDC and echoes it. */
public class RequestIdFilter {

    static final String PROPERTY = "agentruntime.requestId";

    @ServerRequestFilter(preMatching = true)
    public void assign(ContainerRequestContext ctx, HttpServerRequest request) {
        String id = RequestIds.fromHeader(ctx.getHeaderString(RequestIds.HEADER));
        ctx.setProperty(PROPERTY, id);
        request.headers().set("x-agent-runtime-request-id", id);
        MDC.put(RequestIds.MDC_KEY, id);
    }

    @ServerResponseFilter
    public void echo(ContainerRequestContext req, ContainerResponseContext res) {
        Object id = req.getProperty(PROPERTY);
        if (id != null) {
            res.getHeaders().putSingle(RequestIds.HEADER, id);
        }
        MDC.remove(RequestIds.MDC_KEY);
    }
}
