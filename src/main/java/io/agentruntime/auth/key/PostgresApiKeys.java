package io.agentruntime.auth.key;

import io.agentruntime.auth.AuthMethod;
import io.agentruntime.auth.Caller;
import io.agentruntime.auth.Roles;
import io.agentruntime.common.Cursors;
import io.agentruntime.common.Ids;
import io.agentruntime.common.Page;
import io.agentruntime.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** {@link ApiKeys} on PostgreSQL. */
@ApplicationScoped
class PostgresApiKeys implements ApiKeys {

    /** Tenants appear in logs, metrics and paths later: plain names only. */
    static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    static final int MAX_NAME = 100;
    /** How stale a key's last-used time may get, so that using a key is not a write per request. */
    static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    private static final String KEY_CURSOR = "k";
    private static final Set<String> ROLES = Set.of(Roles.CALLER, Roles.ADMIN);

    private final ApiKeyRepository keys;

    PostgresApiKeys(ApiKeyRepository keys) {
        this.keys = keys;
    }

    @Override
    @Transactional
    public CreatedApiKey create(NewApiKey key) {
        Instant now = now();
        check(key, now);
        KeySecrets.Generated generated = KeySecrets.generate();
        ApiKeyEntity e = new ApiKeyEntity();
        e.id = Ids.newId();
        e.lookupId = generated.lookupId();
        e.keyHash = KeySecrets.hash(generated.key());
        e.tenant = key.tenant();
        e.name = key.name().strip();
        e.role = key.role() == null ? Roles.CALLER : key.role();
        e.createdAt = now;
        e.createdBy = key.createdBy();
        e.expiresAt = key.expiresAt() == null ? null : key.expiresAt().truncatedTo(ChronoUnit.MICROS);
        keys.persist(e);
        return new CreatedApiKey(e.toView(), generated.key());
    }

    private static void check(NewApiKey key, Instant now) {
        if (key.tenant() == null || !TENANT.matcher(key.tenant()).matches()) {
            throw ProblemException.badField(
                    "tenant", "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (key.name() == null || key.name().isBlank()) {
            throw ProblemException.badField("name", "must not be blank");
        }
        if (key.name().length() > MAX_NAME || key.name().chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.badField(
                    "name", "must be at most " + MAX_NAME + " characters without control characters");
        }
        if (key.role() != null && !ROLES.contains(key.role())) {
            throw ProblemException.badField("role", "must be caller or admin");
        }
        if (key.expiresAt() != null && !key.expiresAt().isAfter(now)) {
            throw ProblemException.badField("expiresAt", "must be in the future");
        }
    }

    @Override
    @Transactional
    public Page<ApiKeyView> list(String tenant, int limit, String cursor) {
        UUID after = cursor == null || cursor.isBlank() ? null : position(cursor);
        List<ApiKeyEntity> rows = keys.page(tenant, after, limit + 1);
        List<ApiKeyView> items =
                rows.stream().limit(limit).map(ApiKeyEntity::toView).toList();
        String next = rows.size() > limit
                ? Cursors.encode(KEY_CURSOR, items.getLast().id().toString())
                : null;
        return new Page<>(items, next);
    }

    private static UUID position(String cursor) {
        String position = Cursors.decode(KEY_CURSOR, cursor);
        try {
            return UUID.fromString(position);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badField("cursor", "is not a cursor this API issued");
        }
    }

    @Override
    @Transactional
    public ApiKeyView get(UUID id) {
        return found(id).toView();
    }

    @Override
    @Transactional
    public void revoke(UUID id) {
        ApiKeyEntity e = found(id);
        if (e.revokedAt == null) {
            e.revokedAt = now();
        }
    }

    private ApiKeyEntity found(UUID id) {
        return keys.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("No API key " + id));
    }

    @Override
    @Transactional
    public Optional<Caller> authenticate(String presented) {
        Optional<ApiKeyEntity> row = KeySecrets.lookupId(presented).flatMap(keys::findByLookupId);
        if (row.isEmpty() || !KeySecrets.matches(presented, row.get().keyHash)) {
            return Optional.empty();
        }
        ApiKeyEntity e = row.get();
        Instant now = now();
        if (e.revokedAt != null || (e.expiresAt != null && !e.expiresAt.isAfter(now))) {
            return Optional.empty();
        }
        Instant since = now.minus(LAST_USED_PRECISION);
        if (e.lastUsedAt == null || e.lastUsedAt.isBefore(since)) {
            keys.touch(e.id, now, since);
        }
        return Optional.of(new Caller(e.tenant, e.name, Roles.of(e.role), AuthMethod.API_KEY));
    }

    /** PostgreSQL keeps microseconds: what is returned is what a later read gives. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
