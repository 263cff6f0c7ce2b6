package io.agentruntime.session.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** The {@code sessions} table; used by {@link PostgresSessionService} only. */
@ApplicationScoped
class SessionRepository implements PanacheRepositoryBase<SessionEntity, UUID> {}
