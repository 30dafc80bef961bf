package xyz.scaledown.examples;

import java.util.ArrayDeque;
import java.util.Deque;

import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the examples run on, started in order: the work dir with its sample files, ScaleDown (sandbox or real),
 * the embedded broker with its sample requests, the embedded database with its sample rows, Camel Main with the
 * three pipelines (files in YAML from {@code routes/*.yaml}, queue and database in Java), and the database pipeline's
 * second node ({@link SecondNode}). Closing stops them in reverse order.
 * <p>
 * The job's own files (its properties, log configuration, YAML routes and samples) are resources under
 * {@value #RESOURCES}, named explicitly: nothing at the class path root, so an application that depends on this jar
 * gets none of them.
 */
public final class ExamplesApplication implements AutoCloseable {

    /** Where the job's own resources are on the class path. */
    static final String RESOURCES = "xyz/scaledown/examples/";
    /** The job's Camel Main properties. */
    static final String PROPERTIES = "classpath:" + RESOURCES + "application.properties";
    static final String LOG_CONFIGURATION_PROPERTY = "log4j2.configurationFile";
    static final String LOG_CONFIGURATION = RESOURCES + "log4j2.xml";

    private static final Logger LOG = LoggerFactory.getLogger(ExamplesApplication.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final ResultTally tally = new ResultTally();
    private WorkDirectory workDir;
    private ScaleDownBackend backend;
    private EmbeddedBroker broker;
    private DocumentsDatabase database;
    private Main camel;
    private Main secondNode;

    private ExamplesApplication() {
    }

    public static ExamplesApplication start(ExampleSettings settings) throws Exception {
        ExamplesApplication application = new ExamplesApplication();
        try {
            application.startAll(settings);
            return application;
        } catch (Exception | Error e) {
            application.close();
            throw e;
        }
    }

    private void startAll(ExampleSettings settings) throws Exception {
        workDir = WorkDirectory.prepare(settings.workDir());
        LOG.info("Work dir {}", workDir.root());
        backend = remember(ScaleDownBackend.choose(settings.environment()));
        broker = remember(EmbeddedBroker.start(workDir.broker()));
        LOG.info("Embedded ActiveMQ Artemis broker started ({})", EmbeddedBroker.URL);
        database = remember(DocumentsDatabase.createWithSamples(workDir.database()));
        LOG.info("Embedded H2 database ready ({})", database.url());

        camel = new Main();
        camel.setPropertyPlaceholderLocations(PROPERTIES);
        camel.configure().addRoutesBuilder(new QueuePipelineRoutes());
        camel.configure().addRoutesBuilder(new DatabasePipelineRoutes());
        camel.bind("resultTally", tally);
        camel.bind("artemisConnectionFactory", broker.connectionFactory());
        camel.bind(DatabasePipelineRoutes.DATA_SOURCE, database.dataSource());
        camel.addOverrideProperty("examples.work-dir", workDir.root().toString());
        backend.componentProperties().forEach(camel::addOverrideProperty);

        tally.expect(Pipeline.FILES, SampleFiles.copyToInboxes(workDir));
        tally.expect(Pipeline.DATABASE, database.countWithStatus("new"));
        remember(camel::stop);
        camel.start();
        secondNode = SecondNode.start(this, backend);
        remember(secondNode::stop);
        LOG.info("Second node {} started: it shares the database pipeline's batches with {} through the tracker"
                 + " tables in the embedded database", SecondNode.NAME, DatabasePipelineRoutes.FIRST_NODE);
        tally.expect(Pipeline.QUEUE, QueueRequests.send(broker.connectionFactory()));
        LOG.info("Seeded {} inputs: {} files, {} queue requests, {} database rows; waiting for their results",
                tally.totalExpected(), tally.expected(Pipeline.FILES), tally.expected(Pipeline.QUEUE),
                tally.expected(Pipeline.DATABASE));
    }

    private <T extends AutoCloseable> T remember(T service) {
        started.push(service);
        return service;
    }

    /** Stops both nodes' routes (the results consumers finish their poll); broker and database stay up. */
    public void stopRoutes() {
        camel.stop();
        secondNode.stop();
    }

    public org.apache.camel.CamelContext camelContext() {
        return camel.getCamelContext();
    }

    public ResultTally tally() {
        return tally;
    }

    public WorkDirectory workDir() {
        return workDir;
    }

    public ScaleDownBackend backend() {
        return backend;
    }

    public EmbeddedBroker broker() {
        return broker;
    }

    public DocumentsDatabase database() {
        return database;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable service = started.pop();
            try {
                service.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", service, e.toString());
            }
        }
    }
}
