package xyz.scaledown.camel.tracking.jdbc;

import com.zaxxer.hikari.HikariDataSource;

class JdbcBatchTrackerOnH2Test extends JdbcBatchTrackerContract {

    @Override
    protected HikariDataSource newDatabase() {
        return TestDatabases.newH2Database();
    }
}
