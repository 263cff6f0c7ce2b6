package io.agentruntime.provider;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The one way into the model providers. Knows nothing of agents, sessions or tasks. Failures arrive
 * as {@link ProviderException}. Cancelling the returned Uni/Multi cancels the HTTP call.
 */
public interface ModelGateway {

    /**
     * What an agent's {@code model} ({@code inherit}, an alias or an id) and an optional per-task
     * override resolve to.
     *
     * @throws ProviderException of kind NOT_CONFIGURED naming the missing setting when no provider fits
     */
    ResolvedModel resolve(String agentModel, String override);

    Uni<ChatResult> complete(ChatRequest request);

    Multi<ChatEvent> stream(ChatRequest request);
}
