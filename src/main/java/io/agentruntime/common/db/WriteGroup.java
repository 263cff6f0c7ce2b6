package io.agentruntime.common.db;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * A block of a transaction whose writes go to the database together: the writes the repositories make with
 * {@link Sql#send} inside it are held back and sent in one round trip with the block's next statement that
 * reads an answer, or at its end. For the task path's transactions, which write several rows of several
 * features and read little back: the admission of a task in a new session is one round trip (and the commit)
 * instead of three.
 *
 * <p>The rule for what runs inside: nothing may read, through Hibernate or another connection, a row the block
 * has written, since it may not be in the database yet; statements through {@link Sql} are safe (they go after
 * the held-back writes). When the block throws, what it held back is dropped and the transaction can only roll
 * back. Blocks nest (the inner one joins the outer); a transaction begun inside one is not held back.
 */
@ApplicationScoped
public class WriteGroup {

    private final Sql sql;

    WriteGroup(Sql sql) {
        this.sql = sql;
    }

    /** Runs {@code work} in the current transaction with its writes sent together; answers what it answers. */
    public <T> T call(Supplier<T> work) {
        return sql.holdingWrites(work);
    }

    /** {@link #call} for work without an answer. */
    public void run(Runnable work) {
        sql.holdingWrites(() -> {
            work.run();
            return null;
        });
    }
}
