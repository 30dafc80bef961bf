package xyz.scaledown.camel.tracking.jdbc;

import com.zaxxer.hikari.HikariDataSource;

class JdbcBatchTrackerOnPostgresTest extends JdbcBatchTrackerContract {

    @Override
    protected HikariDataSource newDatabase() {
        return TestDatabases.newPostgresDatabase();
    }
}
