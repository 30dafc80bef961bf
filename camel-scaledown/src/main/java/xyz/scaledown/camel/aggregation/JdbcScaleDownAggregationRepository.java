package xyz.scaledown.camel.aggregation;

import java.util.Objects;

import javax.sql.DataSource;

/**
 * A {@link ScaleDownAggregationRepository} in a database (PostgreSQL, H2; others with the documented DDL and
 * {@code createTables=false}): one row per batch, one row per item. Give it a pooled {@link DataSource}: it takes a
 * connection per operation.
 */
public class JdbcScaleDownAggregationRepository extends ScaleDownAggregationRepository {

    private DataSource dataSource;
    private boolean createTables = true;

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

    @Override
    AggregationStore createStore() {
        return new JdbcAggregationStore(Objects.requireNonNull(dataSource,
                "JdbcScaleDownAggregationRepository needs a dataSource"), createTables);
    }

    @Override
    public String toString() {
        return "JdbcScaleDownAggregationRepository";
    }
}
