package xyz.scaledown.camel.tracking.jdbc;

import com.zaxxer.hikari.HikariDataSource;

class BatchLeasesOnPostgresTest extends BatchLeasesContract {

    @Override
    protected HikariDataSource newDatabase() {
        return TestDatabases.newPostgresDatabase();
    }

    @Override
    protected TrackerDialect expectedDialect() {
        return TrackerDialect.POSTGRESQL;
    }
}
