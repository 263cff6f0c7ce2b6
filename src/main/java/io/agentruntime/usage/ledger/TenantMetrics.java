package io.agentruntime.usage.ledger;

import io.agentruntime.common.Metrics;
import io.agentruntime.usage.TenantsConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Meters by tenant: tokens used and tasks refused by a limit. The {@code tenant} tag names only the tenants
 * configured under {@code tenants.<name>}; every other tenant counts as {@code other}, so that the series stay
 * bounded however many tenants call.
 */
@ApplicationScoped
class TenantMetrics {

    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final Set<String> named;
    private final Map<String, Counter> tokens = new ConcurrentHashMap<>();

    TenantMetrics(MeterRegistry registry, TenantsConfig config) {
        this.registry = registry;
        this.named = config.namedTenants();
    }

    String label(String tenant) {
        return named.contains(tenant) ? tenant : OTHER;
    }

    void tokens(String tenant, long in, long out) {
        String label = label(tenant);
        counter("in", label).increment(in);
        counter("out", label).increment(out);
    }

    private Counter counter(String direction, String tenant) {
        // Bounded labels (configured tenants, other): kept rather than looked up in the registry per task.
        return tokens.computeIfAbsent(
                direction + "\n" + tenant,
                key -> Counter.builder(Metrics.name("tenant.tokens"))
                        .description("Tokens used by tenant (configured tenants by name, the others as other)")
                        .tag("tenant", tenant)
                        .tag("direction", direction)
                        .register(registry));
    }

    void refused(String tenant, String limit) {
        Counter.builder(Metrics.name("tenant.refusals"))
                .description("Tasks refused with 429 by a tenant limit, before anything was written")
                .tag("tenant", label(tenant))
                .tag("limit", limit)
                .register(registry)
                .increment();
    }
}
