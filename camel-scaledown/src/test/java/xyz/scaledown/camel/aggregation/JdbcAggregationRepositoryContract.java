package xyz.scaledown.camel.aggregation;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;

import xyz.scaledown.camel.ScaleDownComponent;

/** The repository contract over {@link JdbcScaleDownAggregationRepository}, on a fresh database per test. */
abstract class JdbcAggregationRepositoryContract extends AggregationRepositoryContract {

    private final HikariDataSource dataSource = newDatabase();

    /** A pool over a new, empty database. */
    abstract HikariDataSource newDatabase();

    @Override
    ScaleDownAggregationRepository newRepository() {
        return new JdbcScaleDownAggregationRepository(dataSource) {
            @Override
            AggregationStore createStore(ScaleDownComponent component) {
                return counted(super.createStore(component));
            }
        };
    }

    @AfterEach
    void closePool() {
        dataSource.close();
    }
}
