package io.agentruntime.provider;

import io.agentruntime.common.problem.ProblemException;
import io.agentruntime.common.problem.ProblemType;
import java.util.List;
import java.util.Map;

/**
 * A provider call that failed, in our own words: never the provider's body. Maps to problem+json
 * through {@link ProblemException}.
 */
public class ProviderException extends ProblemException {

    /** Why it failed. */
    public enum Kind {
        NOT_CONFIGURED(ProblemType.NOT_CONFIGURED),
        BAD_REQUEST(ProblemType.PROVIDER_ERROR),
        AUTHENTICATION(ProblemType.PROVIDER_ERROR),
        RATE_LIMITED(ProblemType.UNAVAILABLE),
        QUOTA_EXHAUSTED(ProblemType.PROVIDER_ERROR),
        OVERLOADED(ProblemType.UNAVAILABLE),
        UPSTREAM(ProblemType.PROVIDER_ERROR),
        TIMEOUT(ProblemType.PROVIDER_TIMEOUT),
        CIRCUIT_OPEN(ProblemType.UNAVAILABLE),
        /** Our own per-provider limit of calls in flight was reached and the call waited too long. */
        BUSY(ProblemType.UNAVAILABLE),
        CANCELED(ProblemType.CONFLICT);

        private final ProblemType problemType;

        Kind(ProblemType problemType) {
            this.problemType = problemType;
        }

        public ProblemType problemType() {
            return problemType;
        }
    }

    private final Kind kind;
    private final String provider;
    private final int httpStatus;
    private final String providerRequestId;

    public ProviderException(
            Kind kind,
            String provider,
            int httpStatus,
            String providerRequestId,
            String detail,
            Map<String, String> headers,
            Throwable cause) {
        super(kind.problemType(), detail, List.of(), headers, cause);
        this.kind = kind;
        this.provider = provider;
        this.httpStatus = httpStatus;
        this.providerRequestId = providerRequestId;
    }

    public Kind kind() {
        return kind;
    }

    public String provider() {
        return provider;
    }

    /** The provider's HTTP status, or 0 when there was no answer. */
    public int httpStatus() {
        return httpStatus;
    }

    public String providerRequestId() {
        return providerRequestId;
    }
}
