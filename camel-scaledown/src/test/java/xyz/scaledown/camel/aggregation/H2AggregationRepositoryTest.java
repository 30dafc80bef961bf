package xyz.scaledown.camel.aggregation;

import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

class H2AggregationRepositoryTest extends AggregationRepositoryContract {

    private final DataSource dataSource = h2();

    @Override
    ScaleDownAggregationRepository newRepository() {
        return new JdbcScaleDownAggregationRepository(dataSource) {
            @Override
            AggregationStore createStore() {
                return counted(super.createStore());
            }
        };
    }

    private static DataSource h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        // kept while the test runs, gone with the JVM
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }
}
