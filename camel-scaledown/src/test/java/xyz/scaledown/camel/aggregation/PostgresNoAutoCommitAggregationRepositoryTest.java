package xyz.scaledown.camel.aggregation;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import xyz.scaledown.camel.tracking.jdbc.TestDatabases;

/**
 * The repository contract on a pool whose connections do not auto-commit (HikariCP {@code autoCommit=false}): every
 * write commits explicitly, so nothing is rolled back when a connection goes back to the pool.
 */
class PostgresNoAutoCommitAggregationRepositoryTest extends JdbcAggregationRepositoryContract {

    @Override
    HikariDataSource newDatabase() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabases.newPostgresDatabaseUrl());
        config.setUsername(TestDatabases.POSTGRES_USER);
        config.setAutoCommit(false);
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }
}
