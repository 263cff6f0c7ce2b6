package io.agentruntime.auth.key;

import io.agentruntime.auth.AuthMethod;
import io.agentruntime.auth.Caller;
import io.agentruntime.auth.Roles;
import io.agentruntime.common.Cursors;
import io.agentruntime.common.Ids;
import io.agentruntime.common.Page;
import io.agentruntime.common.problem.ProblemException;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
    private final Cache rows;
    /** When this replica last wrote a key's last-used time. */
    private final Map<UUID, Instant> touched = new ConcurrentHashMap<>();

    PostgresApiKeys(ApiKeyRepository keys, @CacheName("api-keys") Cache rows) {
        this.keys = keys;
        this.rows = rows;
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
    public void revoke(UUID id) {
        String lookupId = QuarkusTransaction.requiringNew().call(() -> {
            ApiKeyEntity e = found(id);
            if (e.revokedAt == null) {
                e.revokedAt = now();
            }
            return e.lookupId;
        });
        // After the commit: dropped before it, the old row could be read and cached again by a request in
        // between. At once on this replica; the others drop their copy within the cache's expire-after-write.
        rows.invalidate(lookupId).await().indefinitely();
    }

    private ApiKeyEntity found(UUID id) {
        return keys.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("No API key " + id));
    }

    @Override
    public Optional<Caller> authenticate(String presented) {
        Optional<String> lookupId = KeySecrets.lookupId(presented);
        if (lookupId.isEmpty()) {
            return Optional.empty();
        }
        // The key's row, from memory for a few seconds (the cache "api-keys"): a lookup per request cost
        // about as much as the rest of the request's authentication.
        Optional<KnownKey> known = rows.get(lookupId.get(), this::load).await().indefinitely();
        if (known.isEmpty() || !KeySecrets.matches(presented, known.get().hash())) {
            return Optional.empty();
        }
        KnownKey k = known.get();
        Instant now = now();
        if (k.revoked() || (k.expiresAt() != null && !k.expiresAt().isAfter(now))) {
            return Optional.empty();
        }
        Instant since = now.minus(LAST_USED_PRECISION);
        Instant last = touched.get(k.id());
        if (last == null || last.isBefore(since)) {
            touched.put(k.id(), now);
            QuarkusTransaction.requiringNew().run(() -> keys.touch(k.id(), now, since));
        }
        return Optional.of(new Caller(k.tenant(), k.name(), Roles.of(k.role()), AuthMethod.API_KEY));
    }

    /** What authentication needs of a row; empty for a lookup id no key has. */
    private Optional<KnownKey> load(String lookupId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> keys.findByLookupId(lookupId)
                        .map(e -> new KnownKey(
                                e.id, e.keyHash, e.tenant, e.name, e.role, e.expiresAt, e.revokedAt != null)));
    }

    /** A key's row as authentication sees it (the hash, never the key). */
    private record KnownKey(
            UUID id, byte[] hash, String tenant, String name, String role, Instant expiresAt, boolean revoked) {}

    /** PostgreSQL keeps microseconds: what is returned is what a later read gives. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
