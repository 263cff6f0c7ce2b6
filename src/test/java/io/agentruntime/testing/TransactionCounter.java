package io.agentruntime.testing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Destroyed;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.TransactionScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the transactions the service ends (committed or rolled back), whoever runs the statements in them:
 * Hibernate's statistics count only the transactions it took part in, not those of plain-SQL writes
 * ({@code common.db.Sql}). PostgreSQL's own count ({@code pg_stat_database}) reaches the server up to ten
 * seconds late, too late to tell one task's work from the next.
 */
@ApplicationScoped
public class TransactionCounter {

    private final AtomicLong ended = new AtomicLong();

    void onEnd(@Observes @Destroyed(TransactionScoped.class) Object transaction) {
        ended.incrementAndGet();
    }

    public long ended() {
        return ended.get();
    }
}
