package io.agentruntime.auth.key;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code api_keys} table. */
@ApplicationScoped
class ApiKeyRepository implements PanacheRepositoryBase<ApiKeyEntity, UUID> {

    Optional<ApiKeyEntity> findByLookupId(String lookupId) {
        return find("lookupId", lookupId).firstResultOptional();
    }

    /** Up to {@code max} keys after {@code after} (ids are time-ordered), of one tenant or of all. */
    List<ApiKeyEntity> page(String tenant, UUID after, int max) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (tenant != null) {
            query.append(" and tenant = :tenant");
            params.and("tenant", tenant);
        }
        if (after != null) {
            query.append(" and id > :after");
            params.and("after", after);
        }
        return find(query.toString(), Sort.by("id"), params).page(0, max).list();
    }

    /**
     * Notes a use, at most once per {@code interval} per key whichever replica sees it: a write per
     * request would cost more than the request.
     */
    void touch(UUID id, Instant now, Instant notSince) {
        update(
                "lastUsedAt = :now where id = :id and (lastUsedAt is null or lastUsedAt < :since)",
                Parameters.with("now", now).and("id", id).and("since", notSince));
    }
}
