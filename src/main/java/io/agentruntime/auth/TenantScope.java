package io.agentruntime.auth;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Whose rows the running code may touch. The stores (and only they: {@code ArchitectureTest}) ask it on
 * every query, so that no service or resource can read another tenant's rows by forgetting a check.
 *
 * <ul>
 *   <li>Inside a request with a caller (every {@code /v1} route, and the command mode through {@link #runAs}),
 *       the caller's tenant: by-id reads of another tenant's rows find nothing, lists hold the tenant's rows
 *       only, new rows get the caller's tenant and subject. An administrator is scoped like any caller.
 *   <li>Outside one (the task workers, lease recovery, the queue listener, the clean-up, the gauges), no
 *       tenant: that work serves every tenant's queued and running tasks, and never answers a caller.
 * </ul>
 */
@ApplicationScoped
public class TenantScope {

    /** Who created the rows written outside a request. */
    public static final String SYSTEM = "system";

    private final CurrentIdentityAssociation identities;
    private final AuthConfig config;

    TenantScope(CurrentIdentityAssociation identities, AuthConfig config) {
        this.identities = identities;
        this.config = config;
    }

    /** The tenant the current code is confined to; empty for the server's own work across tenants. */
    public Optional<String> tenant() {
        return caller().map(Caller::tenant);
    }

    /** The tenant of a row created now: the caller's, else (background work) the default tenant. */
    public String tenantOfNewRow() {
        return tenant().orElse(config.defaultTenant());
    }

    /** Who creates a row now: the caller's subject, else {@value #SYSTEM}. */
    public String creator() {
        return caller().map(Caller::subject).orElse(SYSTEM);
    }

    /**
     * Runs {@code work} as {@code caller}, in a request context of its own, exactly as a request of that caller
     * would (the command mode, which has no HTTP request).
     */
    public <T> T runAs(Caller caller, Callable<T> work) throws Exception {
        ManagedContext requests = Arc.container().requestContext();
        // A context of its own, so that the caller set here never leaks into (or out of) an enclosing one.
        InjectableContext.ContextState outer = requests.isActive() ? requests.getState() : null;
        if (outer != null) {
            requests.deactivate();
        }
        requests.activate();
        try {
            identities.setIdentity(caller.identity());
            return work.call();
        } finally {
            requests.terminate();
            if (outer != null) {
                requests.activate(outer);
            }
        }
    }

    private Optional<Caller> caller() {
        if (!Arc.container().requestContext().isActive()) {
            return Optional.empty();
        }
        SecurityIdentity identity = identities.getIdentity();
        return Caller.of(identity);
    }
}
