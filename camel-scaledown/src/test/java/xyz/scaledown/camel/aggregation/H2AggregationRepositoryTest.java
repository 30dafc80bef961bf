package xyz.scaledown.camel.aggregation;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;

import xyz.scaledown.camel.tracking.jdbc.TestDatabases;

class H2AggregationRepositoryTest extends AggregationRepositoryContract {

    private final HikariDataSource dataSource = TestDatabases.newH2Database();

    @Override
    ScaleDownAggregationRepository newRepository() {
        return new JdbcScaleDownAggregationRepository(dataSource) {
            @Override
            AggregationStore createStore() {
                return counted(super.createStore());
            }
        };
    }

    @AfterEach
    void closePool() {
        dataSource.close();
    }
}
