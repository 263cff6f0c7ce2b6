package io.agentruntime.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of a list: {@code nextCursor} is absent on the last page. Cursors are opaque to callers
 * and stable under inserts (see {@link Cursors}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Page<T>(
        List<T> items,

        @Schema(description = "Pass as ?cursor= for the next page; absent on the last page")
        String nextCursor) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
}
