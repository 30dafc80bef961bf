package xyz.scaledown.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.sandbox.ScaleDownSandbox;

/** The reference's singleton results route, run with camel-file's lock file cluster service: this node leads. */
class MasterRouteTest {

    @Test
    void theLeaderEmitsTheResults() throws Exception {
        DocsRun.inDocsWorkingDirectory();
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:master-route;DB_CLOSE_DELAY=-1");
        List<Exchange> delivered = new ArrayList<>();
        try (ScaleDownSandbox sandbox = DocsRun.sandbox(); CamelContext camel = DocsRun.camel(sandbox)) {
            FileLockClusterService cluster = new FileLockClusterService();
            cluster.setRoot("work/cluster");
            cluster.setAcquireLockDelay(100, TimeUnit.MILLISECONDS);
            cluster.setAcquireLockInterval(100, TimeUnit.MILLISECONDS);
            camel.addService(cluster);
            camel.getRegistry().bind("scaledownDs", database);
            camel.addRoutes(new MasterRoute());
            camel.addRoutes(DocsRun.collect("direct:deliver", delivered));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:submit").to("scaledown:submit?trackerDataSource=#scaledownDs");
                }
            });
            camel.start();
            camel.createProducerTemplate().sendBody("direct:submit",
                    List.of(SummarizeItem.of("a", "One text."), SummarizeItem.of("b", "Another text.")));
            DocsRun.await("2 results delivered by the leader", () -> delivered.size() == 2);
        }
    }
}
