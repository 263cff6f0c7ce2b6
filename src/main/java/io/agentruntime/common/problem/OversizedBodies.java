package io.agentruntime.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentruntime.common.RequestIds;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A body announced larger than quarkus.http.limits.max-body-size is refused by the HTTP layer before
 * the application sees it, with an empty 413. This route runs just before that check and answers the
 * same 413 as problem+json with the request id. (Errors Vert.x raises while decoding the request line
 * and headers, 400/414/431, come before any route and keep their empty bodies: see README.)
 */
@ApplicationScoped
class OversizedBodies {

    private final ObjectMapper json;

    OversizedBodies(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        Optional<MemorySize> max =
                ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class);
        if (max.isEmpty()) {
            return;
        }
        long limit = max.get().asLongValue();
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(ctx -> {
            if (declaredLength(ctx) > limit) {
                refuse(ctx, limit);
            } else {
                ctx.next();
            }
        });
    }

    private static long declaredLength(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void refuse(RoutingContext ctx, long limit) {
        String id = RequestIds.fromHeader(ctx.request().getHeader(RequestIds.HEADER));
        ProblemType type = ProblemType.CONTENT_TOO_LARGE;
        Problem problem = new Problem(
                type.uri(),
                type.title(),
                type.status(),
                "The request body is larger than " + limit + " bytes, the most this service accepts",
                ctx.request().path(),
                id,
                null);
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{}";
        }
        // The body is not read: close the connection after the answer, as the HTTP layer does.
        ctx.response().endHandler(done -> ctx.request().connection().close());
        ctx.response()
                .setStatusCode(type.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader(RequestIds.HEADER, id)
                .putHeader("Connection", "close")
                .end(body);
    }
}
