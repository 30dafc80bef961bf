package xyz.scaledown.camel.consumer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

import javax.sql.DataSource;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import xyz.scaledown.camel.JdbcTrackerException;

/**
 * Hands an item's delivered mark to the Spring transaction its route runs in ({@code transacted()}), when that
 * transaction is on the tracker's DataSource: the first step of a {@code transacted()} (or {@code policy()}) block
 * that runs inside it registers a synchronization that writes the mark just before the commit, on the transaction's
 * own connection. Only the steps of such blocks are wrapped. Loaded only when spring-tx and spring-jdbc are on the
 * class path ({@link TransactedMarkPlugin}).
 */
final class SpringTransactedMarks implements InterceptStrategy {

    /** The blocks whose steps run inside a transaction Camel starts: {@code transacted()} and {@code policy()}. */
    private static final Set<String> TRANSACTION_BLOCKS = Set.of("transacted", "policy");

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        // only the steps of a transaction block can see the transaction: every other step runs unwrapped
        NamedNode block = definition == null ? null : definition.getParent();
        if (block == null || !TRANSACTION_BLOCKS.contains(block.getShortName())) {
            return target;
        }
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                join(exchange);
                return super.process(exchange, callback);
            }
        };
    }

    private static void join(Exchange exchange) {
        TransactedMark mark = exchange.getProperty(TransactedMark.PROPERTY, TransactedMark.class);
        if (mark == null || !mark.mayJoin() || !TransactionSynchronizationManager.isSynchronizationActive()
            || !TransactionSynchronizationManager.isActualTransactionActive()
            || !TransactionSynchronizationManager.hasResource(mark.dataSource())) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new MarkBeforeCommit(mark));
        mark.joined();
    }

    private record MarkBeforeCommit(TransactedMark mark) implements TransactionSynchronization {

        @Override
        public void beforeCommit(boolean readOnly) {
            DataSource dataSource = mark.dataSource();
            // the transaction's connection: the transaction manager commits or rolls it back, and closes it
            Connection connection = DataSourceUtils.getConnection(dataSource);
            try {
                mark.writeOn(connection);
            } catch (SQLException e) {
                throw new JdbcTrackerException("cannot write the delivered mark in the route's transaction", e);
            } finally {
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
        }

        @Override
        public void afterCompletion(int status) {
            mark.ended(status == STATUS_COMMITTED);
        }
    }
}
