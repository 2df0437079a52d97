package io.finbridge.usage;

import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.Policy;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A Camel {@code policy} that runs its steps in one store transaction, the one camel-sql's JDBC idempotent and
 * aggregation repositories join (Spring's transaction on the same DataSource). A usage request's idempotency keys,
 * raw events and running totals are so committed together, or not at all: a request that fails or dies half-way
 * leaves nothing, and its retry is taken whole. Steps inside must stay on the calling thread (direct:, no
 * parallel processing), as Spring's transaction is bound to it.
 */
public final class UsageTransaction implements Policy {

    public static final String BEAN_NAME = "usageTransaction";
    private final DataSourceTransactionManager manager;
    private final TransactionTemplate template;

    public UsageTransaction(DataSource dataSource, Duration timeout) {
        this.manager = new DataSourceTransactionManager(dataSource);
        this.template = new TransactionTemplate(manager);
        this.template.setTimeout((int) Math.max(1, timeout.toSeconds()));
    }

    public PlatformTransactionManager manager() {
        return manager;
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
    }

    @Override
    public Processor wrap(Route route, Processor processor) {
        return exchange -> template.executeWithoutResult(status -> {
            try {
                processor.process(exchange);
            } catch (Exception ex) {
                exchange.setException(ex);
            }
            if (exchange.getException() != null) {
                status.setRollbackOnly();
            }
        });
    }
}
