package xyz.scaledown.camel.aggregation;

import java.util.Objects;

import javax.sql.DataSource;

import xyz.scaledown.camel.ScaleDownComponent;

/**
 * A {@link ScaleDownAggregationRepository} in a database (PostgreSQL, H2; others with the documented DDL and
 * {@code createTables=false}): the store of the scaledown component's JDBC tracker on the same {@link DataSource},
 * the one {@code scaledown:submit?trackerDataSource=} and {@code scaledown:results} use. A batch is one
 * {@code scaledown_batch} row from its first item on, its items {@code scaledown_item} rows written once, at the add;
 * submit takes the row over in place. Give it a pooled {@link DataSource}: it takes a connection per operation.
 * <p>
 * Any number of nodes may share the tables, each with its own repository: the node's token (one per component and
 * DataSource) owns its batches, with a lease ({@link #setLeaseDuration leaseDuration}) renewed on a schedule. A node's
 * open batches are its own, even under the same correlation key as another node's. When a node dies, a live node
 * takes its batches over once its lease ran out (at once when it stopped): the recovery scan completes its open
 * batches and submits them with its completed ones, each taken by exactly one node.
 */
public class JdbcScaleDownAggregationRepository extends ScaleDownAggregationRepository {

    private DataSource dataSource;
    private boolean createTables = true;
    private int queryTimeout = 30;
    private long leaseDuration = 60_000;

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

    public long getLeaseDuration() {
        return leaseDuration;
    }

    /**
     * How long, in milliseconds, this node's lease lasts without being renewed (default 60000, as the component's
     * {@code leaseDuration}); renewed every third of it. When the node dies, another node takes its batches over
     * once it ran out: keep it longer than the longest pause of a JVM or the database. The repository shares its store
     * (and so this lease) with the endpoints on the same DataSource: set the same value as the component's
     * {@code leaseDuration}, or the second of them to open the store is refused.
     */
    public void setLeaseDuration(long leaseDuration) {
        this.leaseDuration = leaseDuration;
    }

    /** On the DataSource's one store: the tracker the endpoints with {@code trackerDataSource} on it use. */
    @Override
    AggregationStore createStore(ScaleDownComponent component) {
        Objects.requireNonNull(dataSource, "JdbcScaleDownAggregationRepository needs a dataSource");
        return component.jdbcTracker(dataSource, createTables, leaseDuration, queryTimeout * 1000L)
                .aggregationRecords();
    }

    @Override
    public String toString() {
        return "JdbcScaleDownAggregationRepository";
    }
}
