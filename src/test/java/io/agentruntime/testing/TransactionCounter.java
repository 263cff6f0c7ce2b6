package io.agentruntime.testing;

import io.agroal.api.AgroalPoolInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the service's units of database work: a pooled connection goes back to the pool when the transaction
 * that held it ends (committed or rolled back), whoever ran the statements in it. Hibernate's statistics
 * count only the transactions it took part in, not those of plain-SQL writes ({@code common.db.Sql});
 * PostgreSQL's own count ({@code pg_stat_database}) reaches the server up to ten seconds late, too late to
 * tell one task's work from the next. (Quarkus registers every {@link AgroalPoolInterceptor} bean with the
 * default datasource.)
 */
@ApplicationScoped
public class TransactionCounter implements AgroalPoolInterceptor {

    private final AtomicLong ended = new AtomicLong();

    @Override
    public void onConnectionReturn(Connection connection) {
        ended.incrementAndGet();
    }

    public long ended() {
        return ended.get();
    }
}
