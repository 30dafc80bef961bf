package xyz.scaledown.camel.aggregation;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.tracking.jdbc.TestDatabases;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class H2AggregationRepositoryTest extends JdbcAggregationRepositoryContract {

    @Override
    HikariDataSource newDatabase() {
        return TestDatabases.newH2Database();
    }

    @Test
    void withCreateTablesFalseAMissingTableIsAClearErrorAtStart() {
        try (HikariDataSource empty = TestDatabases.newH2Database()) {
            JdbcScaleDownAggregationRepository repository = new JdbcScaleDownAggregationRepository(empty);
            repository.setCreateTables(false);
            repository.setCamelContext(context); // as Camel's aggregator does before it starts the repository

            RuntimeException e = assertThrows(RuntimeException.class, repository::start);

            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof IllegalStateException)) {
                cause = cause.getCause();
            }
            assertTrue(cause.getMessage().contains("table(s) scaledown_batch, scaledown_item missing and"
                    + " createTables=false"), cause.getMessage());
        }
    }
}
