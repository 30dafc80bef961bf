package xyz.scaledown.camel.reliability;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;

import xyz.scaledown.camel.aggregation.JdbcScaleDownAggregationRepository;
import xyz.scaledown.camel.aggregation.ScaleDownAggregationRepository;
import xyz.scaledown.camel.tracking.jdbc.TestDatabases;

/**
 * {@link UncertainSubmitRecoveryTest} with aggregation and submit on one PostgreSQL DataSource: the batch record submit
 * took over in place (its POST cut off) is handed back, refused as uncertain, and given up or dead-lettered the same.
 */
class UncertainSubmitRecoveryOnPostgresTest extends UncertainSubmitRecoveryTest {

    /** A database per test; no initializer, so the value set while the base class is built stays. */
    private HikariDataSource database;

    private synchronized HikariDataSource database() {
        if (database == null) {
            database = TestDatabases.newPostgresDatabase();
        }
        return database;
    }

    @AfterEach
    void closeDatabase() {
        context.stop(); // before its database goes: the repository releases its lease at stop
        database.close();
    }

    @Override
    ScaleDownAggregationRepository newRepository() {
        return new JdbcScaleDownAggregationRepository(database());
    }

    @Override
    String submitUri() {
        return "scaledown:submit?trackerDataSource=#ds";
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getRegistry().bind("ds", database());
        return context;
    }
}
