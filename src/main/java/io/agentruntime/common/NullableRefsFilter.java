package io.agentruntime.common;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * A nullable property whose type is one of our schemas comes out of the scanner as
 * {@code type: object, anyOf: [{$ref}, {type: "null"}]}: the {@code type: object} beside the
 * {@code anyOf} rules out the {@code null} the property really holds ({@code "usage": null} of a message
 * would not validate). Without it the property is exactly "the schema, or null".
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class NullableRefsFilter implements OASFilter {

    @Override
    public Schema filterSchema(Schema schema) {
        List<Schema> anyOf = schema.getAnyOf();
        if (schema.getType() != null
                && schema.getType().equals(List.of(Schema.SchemaType.OBJECT))
                && anyOf != null
                && anyOf.stream().anyMatch(s -> s.getRef() != null)
                && anyOf.stream()
                        .anyMatch(s -> s.getType() != null && s.getType().equals(List.of(Schema.SchemaType.NULL)))) {
            schema.setType(null);
        }
        return schema;
    }
}
