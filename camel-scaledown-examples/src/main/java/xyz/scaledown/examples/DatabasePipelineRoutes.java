package xyz.scaledown.examples;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

import xyz.scaledown.camel.ScaleDownConstants;

/**
 * The database example: rows of {@code documents} with status {@code new} are selected (and marked
 * {@code submitted} as they are read), batched with the row id as custom id, and each result is written back to its
 * row: status {@code done} with the summary, the entities JSON or the top label in {@code result}, or status
 * {@code failed} with the reason in {@code error}, and in {@code node} the name of the node that delivered it.
 * <p>
 * Two nodes run it, sharing the batches through the JDBC tracker whose tables live in the same embedded database:
 * the first node submits and reads results, the second ({@link SecondNode}) only reads results.
 */
public class DatabasePipelineRoutes extends RouteBuilder {

    public static final String DATA_SOURCE = "documentsDataSource";
    public static final String FIRST_NODE = "node-a";

    private static final String TRACKER = "trackerDataSource=#" + DATA_SOURCE;
    private static final String LOG_NAME = "xyz.scaledown.examples.database";
    private static final String SQL_OPTIONS = "dataSource=#" + DATA_SOURCE;

    private final String node;
    private final boolean submits;

    /** The first node: submits the new rows and reads results. */
    public DatabasePipelineRoutes() {
        this(FIRST_NODE, true);
    }

    /**
     * @param node    the name written to the {@code node} column of the rows this node delivers
     * @param submits whether this node also selects and submits the new rows
     */
    public DatabasePipelineRoutes(String node, boolean submits) {
        this.node = node;
        this.submits = submits;
    }

    @Override
    public void configure() {
        if (submits) {
            configureSubmit();
        }
        configureResults();
    }

    private void configureSubmit() {
        from("sql:select id, model, text from documents where status = 'new' order by id?" + SQL_OPTIONS
             + "&onConsume=update documents set status = 'submitted' where id = :#id"
             + "&initialDelay=0&delay={{examples.results.poll-delay}}")
                .routeId("database-new-documents")
                .setHeader(ScaleDownConstants.CUSTOM_ID, simple("${body[id]}", String.class))
                .setHeader(ScaleDownConstants.MODEL, simple("${body[model]}"))
                .setHeader(ScaleDownConstants.ENTITIES, constant("{{examples.extract.entities}}"))
                // the last row of a poll sends the batch out at once, rather than a completion timeout later
                .setHeader(Exchange.AGGREGATION_COMPLETE_ALL_GROUPS_INCLUSIVE, exchangeProperty(Exchange.BATCH_COMPLETE))
                .setHeader(ScaleDownConstants.LABELS, constant("{{examples.classify.labels}}"))
                .setBody(simple("${body[text]}"))
                // small batches, so the two nodes have several to share
                .aggregate(constant("database"), ExampleBatching.strategy(getContext(), "row-")
                        .maxItems(Integer.parseInt(getContext().resolvePropertyPlaceholders(
                                "{{examples.database.batch.max-items}}"))))
                    .completionTimeout("{{examples.batch.completion-timeout}}")
                    .completionTimeoutCheckerInterval(ExampleBatching.checkerInterval(getContext()))
                    .to("scaledown:submit?" + TRACKER);
    }

    private void configureResults() {
        from("scaledown:results?" + TRACKER + "&delay={{examples.results.poll-delay}}&initialDelay=0")
                .routeId("database-results-" + node)
                .setHeader("documentNode", constant(node))
                .choice()
                    .when(header(ScaleDownConstants.ERROR_CODE).isNotNull())
                        .setHeader("documentError", simple("${header.CamelScaleDownErrorCode}: ${header.CamelScaleDownErrorMessage}"))
                        .to("sql:update documents set status = 'failed', error = :#documentError,"
                            + " batch_id = :#${header.CamelScaleDownBatchId}, node = :#documentNode"
                            + " where id = :#${header.CamelScaleDownCustomId}?" + SQL_OPTIONS)
                        .log(LoggingLevel.INFO, LOG_NAME, node + ": documents row ${header.CamelScaleDownCustomId}"
                                                          + " -> failed (${header.documentError})")
                    .otherwise()
                        .setHeader("documentResult", method(DocumentResultColumn.class, "of"))
                        .to("sql:update documents set status = 'done', result = :#documentResult,"
                            + " batch_id = :#${header.CamelScaleDownBatchId}, node = :#documentNode"
                            + " where id = :#${header.CamelScaleDownCustomId}?" + SQL_OPTIONS)
                        .log(LoggingLevel.INFO, LOG_NAME, node + ": documents row ${header.CamelScaleDownCustomId}"
                                                          + " -> done (${header.CamelScaleDownModel})")
                .end()
                .bean("resultTally", "record('database', ${header." + ScaleDownConstants.ERROR_CODE + "})");
    }
}
