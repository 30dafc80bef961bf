package xyz.scaledown.camel.aggregation;

import java.util.Objects;

import javax.sql.DataSource;

import xyz.scaledown.camel.tracking.jdbc.QueryTimeoutDataSource;

/**
 * A {@link ScaleDownAggregationRepository} in a database (PostgreSQL, H2; others with the documented DDL and
 * {@code createTables=false}): one row per batch, one row per item. Give it a pooled {@link DataSource}: it takes a
 * connection per operation.
 */
public class JdbcScaleDownAggregationRepository extends ScaleDownAggregationRepository {

    private DataSource dataSource;
    private boolean createTables = true;
    private int queryTimeout = 30;

    public JdbcScaleDownAggregationRepository() {
    }

    public JdbcScaleDownAggregationRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource getDataSource() {
        return dataSource;
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public boolean isCreateTables() {
        return createTables;
    }

    /** Whether to create the two tables at start when they are missing (default true). */
    public void setCreateTables(boolean createTables) {
        this.createTables = createTables;
    }

    public int getQueryTimeout() {
        return queryTimeout;
    }

    /**
     * How long, in seconds, any one statement may run before the driver cancels it (default 30; 0: no limit), so a
     * lock held elsewhere or a network partition fails the call instead of blocking the aggregator.
     */
    public void setQueryTimeout(int queryTimeout) {
        this.queryTimeout = queryTimeout;
    }

    @Override
    AggregationStore createStore() {
        return new JdbcAggregationStore(QueryTimeoutDataSource.of(Objects.requireNonNull(dataSource,
                "JdbcScaleDownAggregationRepository needs a dataSource"), queryTimeout * 1000L), createTables);
    }

    @Override
    public String toString() {
        return "JdbcScaleDownAggregationRepository";
    }
}
