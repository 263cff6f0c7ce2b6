package io.agentruntime.usage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;
import jakarta.validation.constraints.Min;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code tenants.*}: what each tenant may use. {@code tenants.defaults.*} applies to every tenant,
 * {@code tenants.<name>.*} overrides it setting by setting for one tenant. Every limit is off (unlimited)
 * unless set. The tenants named here are also the ones metrics tell apart (others are {@code other}).
 */
@ConfigMapping(prefix = "tenants")
public interface TenantsConfig {

    /** The name under which the limits of every tenant are configured. */
    String DEFAULTS = "defaults";

    /** {@code defaults} and every named tenant, keyed by name. */
    @WithParentName
    Map<String, Limits> named();

    /** One tenant's limits (or the defaults); each unset one is the default's, or off. */
    interface Limits {

        /** Tasks the tenant may create per minute (a fixed window on the database clock); unset: no limit. */
        Optional<@Min(1) Integer> requestsPerMinute();

        /** Tasks of the tenant queued or running at once, across replicas; unset: no limit. */
        Optional<@Min(1) Integer> maxRunning();

        /** Tokens (input plus output) the tenant's tasks may use per UTC day; unset: no budget. */
        Optional<@Min(1) Long> tokensPerDay();

        /** Tokens (input plus output) the tenant's tasks may use per UTC calendar month; unset: no budget. */
        Optional<@Min(1) Long> tokensPerMonth();
    }

    /** The limits that hold for {@code tenant}: its own settings, else the defaults'. */
    default Effective limitsOf(String tenant) {
        Optional<Limits> own = Optional.ofNullable(named().get(tenant));
        Optional<Limits> all = Optional.ofNullable(named().get(DEFAULTS));
        return new Effective(
                pick(own.flatMap(Limits::requestsPerMinute), all.flatMap(Limits::requestsPerMinute)),
                pick(own.flatMap(Limits::maxRunning), all.flatMap(Limits::maxRunning)),
                pick(own.flatMap(Limits::tokensPerDay), all.flatMap(Limits::tokensPerDay)),
                pick(own.flatMap(Limits::tokensPerMonth), all.flatMap(Limits::tokensPerMonth)));
    }

    /** The tenants configured by name (not {@code defaults}): the values of the metrics' {@code tenant} tag. */
    default Set<String> namedTenants() {
        Set<String> names = new TreeSet<>(named().keySet());
        names.remove(DEFAULTS);
        return names;
    }

    private static <T> Optional<T> pick(Optional<T> own, Optional<T> fallback) {
        return own.isPresent() ? own : fallback;
    }

    /** The limits in force for one tenant; empty means off. */
    record Effective(
            Optional<Integer> requestsPerMinute,
            Optional<Integer> maxRunning,
            Optional<Long> tokensPerDay,
            Optional<Long> tokensPerMonth) {

        public boolean any() {
            return requestsPerMinute.isPresent()
                    || maxRunning.isPresent()
                    || tokensPerDay.isPresent()
                    || tokensPerMonth.isPresent();
        }
    }
}
