package xyz.scaledown.examples;

import org.apache.camel.main.Main;

/**
 * The database pipeline's second node: a Camel application of its own, as a second JVM would run it, with only the
 * database results route. It shares the batches with the first node through the JDBC tracker in the embedded
 * database; each row it delivers gets {@value #NAME} in its {@code node} column.
 */
final class SecondNode {

    static final String NAME = "node-b";

    private SecondNode() {
    }

    static Main start(ExamplesApplication application, ScaleDownBackend backend) throws Exception {
        Main node = new Main();
        node.setPropertyPlaceholderLocations(ExamplesApplication.PROPERTIES);
        node.configure().addRoutesBuilder(new DatabasePipelineRoutes(NAME, false));
        node.bind("resultTally", application.tally());
        node.bind(DatabasePipelineRoutes.DATA_SOURCE, application.database().dataSource());
        node.bind("artemisConnectionFactory", application.broker().connectionFactory());
        node.addOverrideProperty("camel.main.name", "scaledown-examples-" + NAME);
        // the file pipeline's YAML routes belong to the first node; this pattern matches none
        node.addOverrideProperty("camel.main.routes-include-pattern",
                "classpath:" + ExamplesApplication.RESOURCES + "routes/" + NAME + "/*.yaml");
        backend.componentProperties().forEach(node::addOverrideProperty);
        node.start();
        return node;
    }
}
