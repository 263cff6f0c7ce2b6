package io.agentruntime.provider;

import io.agentruntime.provider.ProviderException.Kind;
import io.agentruntime.provider.resilience.ResilientProvider;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The {@link ModelGateway}: resolves models, sends each call to its provider, and walks the provider's
 * fallback chain when it fails before answering anything. Measures providerMillis over all of it.
 */
@ApplicationScoped
class ProviderGateway implements ModelGateway {

    private static final Logger LOG = Logger.getLogger(ProviderGateway.class);

    private final ProviderRegistry registry;

    ProviderGateway(ProviderRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ResolvedModel resolve(String agentModel, String override) {
        return registry.resolver().resolve(agentModel, override);
    }

    @Override
    public Uni<ChatResult> complete(ChatRequest request) {
        return Uni.createFrom().deferred(() -> {
            List<Target> chain = chain(checked(request));
            long started = System.nanoTime();
            return complete(request, chain, 0).map(result -> timed(result, started));
        });
    }

    @Override
    public Multi<ChatEvent> stream(ChatRequest request) {
        return Multi.createFrom().deferred(() -> {
            List<Target> chain = chain(checked(request));
            long started = System.nanoTime();
            return stream(request, chain, 0, new AtomicBoolean())
                    .map(event -> event instanceof ChatEvent.Done done
                            ? new ChatEvent.Done(timed(done.result(), started))
                            : event);
        });
    }

    private Uni<ChatResult> complete(ChatRequest request, List<Target> chain, int index) {
        Target target = chain.get(index);
        return target.provider()
                .complete(request, target.model())
                .onFailure(ProviderException.class)
                .recoverWithUni(failure -> {
                    ProviderException e = (ProviderException) failure;
                    if (!fallsBack(e) || index + 1 >= chain.size()) {
                        return Uni.createFrom().failure(e);
                    }
                    logFallback(target, chain.get(index + 1), e);
                    return complete(request, chain, index + 1);
                });
    }

    /** Falls back only while nothing was emitted: a second provider must not repeat part of an answer. */
    private Multi<ChatEvent> stream(ChatRequest request, List<Target> chain, int index, AtomicBoolean emitted) {
        Target target = chain.get(index);
        return target.provider().stream(request, target.model())
                .onItem()
                .invoke(event -> emitted.compareAndSet(false, event instanceof ChatEvent.Delta))
                .onFailure(ProviderException.class)
                .recoverWithMulti(failure -> {
                    ProviderException e = (ProviderException) failure;
                    if (emitted.get() || !fallsBack(e) || index + 1 >= chain.size()) {
                        return Multi.createFrom().failure(e);
                    }
                    logFallback(target, chain.get(index + 1), e);
                    return stream(request, chain, index + 1, emitted);
                });
    }

    /** A request the provider found invalid would be invalid elsewhere too; everything else may recover. */
    private static boolean fallsBack(ProviderException e) {
        return e.kind() != Kind.BAD_REQUEST && e.kind() != Kind.CANCELED && e.kind() != Kind.NOT_CONFIGURED;
    }

    private static void logFallback(Target from, Target to, ProviderException e) {
        LOG.warnf(
                "Model provider '%s' failed (%s); falling back to '%s' with model %s",
                from.provider().settings().name(),
                e.kind(),
                to.provider().settings().name(),
                to.model());
    }

    /** The resolved provider, then its configured fallbacks on their own default models. */
    private List<Target> chain(ResolvedModel model) {
        ResilientProvider primary = registry.get(model.provider())
                .orElseThrow(() -> new ProviderException(
                        Kind.NOT_CONFIGURED,
                        model.provider(),
                        0,
                        null,
                        registry.all().isEmpty()
                                ? ModelResolver.NOTHING_CONFIGURED
                                : "Model provider '" + model.provider() + "' is not configured",
                        java.util.Map.of(),
                        null));
        List<Target> chain = new ArrayList<>();
        chain.add(new Target(primary, model.model()));
        for (String name : primary.settings().fallback()) {
            registry.get(name)
                    .filter(p -> chain.stream().noneMatch(t -> t.provider() == p))
                    .filter(p -> p.settings().defaultModel().isPresent())
                    .ifPresent(p ->
                            chain.add(new Target(p, p.settings().defaultModel().get())));
        }
        return chain;
    }

    private static ResolvedModel checked(ChatRequest request) {
        if (request == null
                || request.model() == null
                || request.model().model() == null
                || request.model().model().isBlank()) {
            throw new IllegalArgumentException("A chat request needs a resolved model");
        }
        if (request.messages() == null || request.messages().isEmpty()) {
            throw new IllegalArgumentException("A chat request needs at least one message");
        }
        for (ChatMessage m : request.messages()) {
            if (m == null || m.role() == null || m.content() == null) {
                throw new IllegalArgumentException("Every message of a chat request needs a role and content");
            }
        }
        return request.model();
    }

    private static ChatResult timed(ChatResult r, long startedNanos) {
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        return new ChatResult(
                r.text(), r.provider(), r.model(), r.stopReason(), r.usage(), r.providerRequestId(), millis);
    }

    private record Target(ResilientProvider provider, String model) {}
}
