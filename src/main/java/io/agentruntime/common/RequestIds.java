package io.agentruntime.common;

import io.vertx.core.http.HttpServerRequest;
import java.util.regex.Pattern;

/** Request ids: taken from the caller when sane, else made here; one per request, in the MDC and the response. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {}

    /** The caller's id if it is a plain token (so it cannot inject into logs), else a new one. */
    public static String fromHeader(String header) {
        return header != null && SAFE.matcher(header).matches()
                ? header
                : Ids.newId().toString();
    }

    public static String of(HttpServerRequest request) {
        String id = request.headers().get("x-agent-runtime-request-id");
        return id != null ? id : fromHeader(request.getHeader(HEADER));
    }
}
