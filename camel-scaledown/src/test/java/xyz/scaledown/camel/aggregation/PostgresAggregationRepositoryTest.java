package xyz.scaledown.camel.aggregation;

import javax.sql.DataSource;

import xyz.scaledown.camel.reliability.PostgresTestDatabase;

class PostgresAggregationRepositoryTest extends AggregationRepositoryContract {

    private final DataSource dataSource = PostgresTestDatabase.newDatabase();

    @Override
    ScaleDownAggregationRepository newRepository() {
        return new JdbcScaleDownAggregationRepository(dataSource) {
            @Override
            AggregationStore createStore() {
                return counted(super.createStore());
            }
        };
    }
}
