package xyz.scaledown.camel.tracking.jdbc;

import com.zaxxer.hikari.HikariDataSource;

class BatchLeasesOnH2Test extends BatchLeasesContract {

    @Override
    protected HikariDataSource newDatabase() {
        return TestDatabases.newH2Database();
    }

    @Override
    protected TrackerDialect expectedDialect() {
        return TrackerDialect.H2;
    }
}
