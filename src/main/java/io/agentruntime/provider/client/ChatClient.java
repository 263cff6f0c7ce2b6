package io.agentruntime.provider.client;

import io.agentruntime.provider.ChatEvent;
import io.agentruntime.provider.ChatRequest;
import io.agentruntime.provider.ChatResult;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * One named provider's protocol adapter: a single attempt, no retries. Failures are raw (see
 * {@link ProviderErrors#normalize}); results carry providerMillis 0, the gateway measures.
 */
public interface ChatClient extends AutoCloseable {

    Uni<ChatResult> complete(ChatRequest request, String model);

    /** Deltas, then one Done; fails if the stream reports an error or ends before the answer is complete. */
    Multi<ChatEvent> stream(ChatRequest request, String model);

    @Override
    void close();
}
