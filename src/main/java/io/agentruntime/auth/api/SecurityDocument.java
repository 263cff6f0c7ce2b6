package io.agentruntime.auth.api;

import io.agentruntime.common.problem.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Declares in the OpenAPI document how to authenticate, so that generated clients carry credentials: two
 * bearer schemes (an API key, a JWT), either one on every operation of {@code /v1}, with its 401 (and 403
 * on the admin routes). Every operation, because every route needs a caller; done here rather than on
 * each resource so that a new route is documented as it is protected. At build time: the stored document
 * that clients are generated from has it too.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class SecurityDocument implements OASFilter {

    static final String API_KEY = "apiKey";
    static final String JWT = "bearerJwt";
    private static final String ADMIN_PATHS = "/v1/admin/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components =
                openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        components.addSecurityScheme(
                API_KEY,
                OASFactory.createSecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("API key")
                        .description("An API key made by an administrator: Authorization: Bearer ark_..."));
        components.addSecurityScheme(
                JWT,
                OASFactory.createSecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")
                        .description("A JWT from the configured issuer (auth.oidc.*), for the configured audience"));
        openAPI.setComponents(components);
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        List<SecurityRequirement> either = List.of(
                OASFactory.createSecurityRequirement().addScheme(API_KEY),
                OASFactory.createSecurityRequirement().addScheme(JWT));
        for (Map.Entry<String, PathItem> path :
                openAPI.getPaths().getPathItems().entrySet()) {
            boolean admin = path.getKey().startsWith(ADMIN_PATHS);
            for (Operation op : path.getValue().getOperations().values()) {
                op.setSecurity(either);
                op.getResponses().addAPIResponse("401", problem("No credentials, or credentials that are not valid"));
                if (admin) {
                    op.getResponses().addAPIResponse("403", problem("The caller is not an administrator"));
                }
            }
        }
    }

    private static APIResponse problem(String description) {
        return OASFactory.createAPIResponse()
                .description(description)
                .content(OASFactory.createContent()
                        .addMediaType(
                                Problem.MEDIA_TYPE,
                                OASFactory.createMediaType()
                                        .schema(OASFactory.createSchema().ref("Problem"))));
    }
}
