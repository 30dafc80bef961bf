package xyz.scaledown.camel.reliability;

import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.camel.ScaleDownEndpoint;
import xyz.scaledown.camel.aggregation.FileScaleDownAggregationRepository;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;
import xyz.scaledown.camel.tracking.jdbc.JdbcBatchTracker;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A directory store (the aggregation repository's directory, a trackerDirectory) is owned by one process: a second
 * application (here a second CamelContext; {@code FileTrackerOneOwnerTest} does it with a child JVM) on the same
 * directory fails at start, naming the directory, instead of loading the other's open batches and cutting its
 * in-flight appends off as torn tails.
 */
class DirectoryOwnershipTest {

    @TempDir
    Path work;

    private CamelContext first;
    private CamelContext second;

    @AfterEach
    void close() throws Exception {
        for (CamelContext context : new CamelContext[] { second, first }) {
            if (context != null) {
                context.close();
            }
        }
    }

    @Test
    void aSecondApplicationOnOneAggregationDirectoryIsRefusedAtStart() throws Exception {
        Path directory = work.resolve("aggregation");
        first = application(aggregatingInto(directory));
        first.start();

        second = application(aggregatingInto(directory));
        Exception refused = assertThrows(Exception.class, second::start);

        assertTrue(messages(refused).contains(directory + " is owned by another process"), messages(refused));
    }

    @Test
    void twoAggregatorsOfOneApplicationOnOneDirectoryAreRefusedAtStart() throws Exception {
        Path directory = work.resolve("aggregation");
        first = application(new RouteBuilder() {
            @Override
            public void configure() throws Exception {
                aggregatingInto(directory).addRoutesToCamelContext(getContext());
                from("direct:other").aggregate(constant("all"), new ScaleDownBatchAggregationStrategy())
                        .aggregationRepository(new FileScaleDownAggregationRepository(directory))
                        .completionTimeout(1000).to("mock:others");
            }
        });

        Exception refused = assertThrows(Exception.class, first::start);

        assertTrue(messages(refused).contains(directory + " already holds the batches of another"), messages(refused));
    }

    @Test
    void aSecondApplicationOnOneTrackerDirectoryIsRefusedAtStart() throws Exception {
        Path directory = work.resolve("tracker");
        first = application(submittingInto(directory));
        first.start();

        second = application(submittingInto(directory));
        Exception refused = assertThrows(Exception.class, second::start);

        assertTrue(messages(refused).contains("trackerDirectory " + directory + " is owned by another process"),
                messages(refused));
    }

    @Test
    void theComponentReleasesTheDirectoriesWhenItsApplicationStops() throws Exception {
        Path tracker = work.resolve("tracker");
        Path aggregation = work.resolve("aggregation");
        first = application(both(tracker, aggregation));
        first.start();
        first.stop();

        second = application(both(tracker, aggregation));
        second.start();

        assertTrue(second.getStatus().isStarted());
    }

    @Test
    void aJdbcTrackerTouchesTheDatabaseOnlyWhenItStarts() {
        org.h2.jdbcx.JdbcDataSource unreachable = new org.h2.jdbcx.JdbcDataSource();
        unreachable.setURL("jdbc:h2:" + work.resolve("missing/db") + ";IFEXISTS=TRUE");
        JdbcBatchTracker tracker = new JdbcBatchTracker(unreachable, true, 60_000);

        Exception failed = assertThrows(Exception.class, tracker::start);
        assertTrue(messages(failed).contains("cannot open the ScaleDown tracker tables"), messages(failed));
    }

    /**
     * A delivery still finishing its item when its application stopped asks its endpoint for the tracker: it is
     * refused instead of opening (and locking) the directory again, so the next application on it starts.
     */
    @Test
    void aLateUseAfterTheStopDoesNotTakeTheDirectoryAgain() throws Exception {
        Path directory = work.resolve("tracker");
        first = application(submittingInto(directory));
        first.start();
        ScaleDownEndpoint endpoint = first.getEndpoint("scaledown:submit?trackerDirectory=" + directory,
                ScaleDownEndpoint.class);
        first.stop();

        Exception refused = assertThrows(IllegalStateException.class, endpoint::getTracker);
        assertTrue(refused.getMessage().contains("component is stopped"), refused.getMessage());

        second = application(submittingInto(directory));
        second.start();
        assertTrue(second.getStatus().isStarted());
    }

    private static RouteBuilder both(Path tracker, Path aggregation) {
        return new RouteBuilder() {
            @Override
            public void configure() throws Exception {
                aggregatingInto(aggregation).addRoutesToCamelContext(getContext());
                submittingInto(tracker).addRoutesToCamelContext(getContext());
            }
        };
    }

    private static RouteBuilder aggregatingInto(Path directory) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").aggregate(constant("all"), new ScaleDownBatchAggregationStrategy())
                        .aggregationRepository(new FileScaleDownAggregationRepository(directory))
                        .completionTimeout(1000).to("mock:batches");
            }
        };
    }

    private static RouteBuilder submittingInto(Path directory) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit?trackerDirectory=" + directory);
            }
        };
    }

    private static CamelContext application(RouteBuilder routes) throws Exception {
        CamelContext context = new DefaultCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        component.getConfiguration().setBaseUrl("http://localhost:9");
        component.getConfiguration().setApiKey("fake.key.ownership-test");
        context.addComponent("scaledown", component);
        context.addRoutes(routes);
        return context;
    }

    private static String messages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append(" / ");
        }
        return text.toString();
    }
}
