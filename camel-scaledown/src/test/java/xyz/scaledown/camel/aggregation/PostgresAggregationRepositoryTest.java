package xyz.scaledown.camel.aggregation;

import com.zaxxer.hikari.HikariDataSource;

import xyz.scaledown.camel.tracking.jdbc.TestDatabases;

class PostgresAggregationRepositoryTest extends JdbcAggregationRepositoryContract {

    @Override
    HikariDataSource newDatabase() {
        return TestDatabases.newPostgresDatabase();
    }
}
