package xyz.scaledown.examples;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

import xyz.scaledown.camel.ScaleDownConstants;

/**
 * The database example: rows of {@code documents} with status {@code new} are selected (and marked
 * {@code submitted} as they are read), batched with the row id as custom id, and each result is written back to its
 * row: status {@code done} with the summary, the entities JSON or the top label in {@code result}, or status
 * {@code failed} with the reason in {@code error}.
 */
public class DatabasePipelineRoutes extends RouteBuilder {

    public static final String DATA_SOURCE = "documentsDataSource";

    private static final String TRACKER = "trackerDirectory={{examples.work-dir}}/tracker/db";
    private static final String LOG_NAME = "xyz.scaledown.examples.database";
    private static final String SQL_OPTIONS = "dataSource=#" + DATA_SOURCE;

    @Override
    public void configure() {
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
                .aggregate(constant("database"), ExampleBatching.strategy(getContext(), "row-"))
                    .completionTimeout("{{examples.batch.completion-timeout}}")
                    .completionTimeoutCheckerInterval(ExampleBatching.checkerInterval(getContext()))
                    .to("scaledown:submit?" + TRACKER);

        from("scaledown:results?" + TRACKER + "&delay={{examples.results.poll-delay}}&initialDelay=0")
                .routeId("database-results")
                .choice()
                    .when(header(ScaleDownConstants.ERROR_CODE).isNotNull())
                        .setHeader("documentError", simple("${header.CamelScaleDownErrorCode}: ${header.CamelScaleDownErrorMessage}"))
                        .to("sql:update documents set status = 'failed', error = :#documentError,"
                            + " batch_id = :#${header.CamelScaleDownBatchId}"
                            + " where id = :#${header.CamelScaleDownCustomId}?" + SQL_OPTIONS)
                        .log(LoggingLevel.INFO, LOG_NAME, "documents row ${header.CamelScaleDownCustomId} -> failed"
                                                          + " (${header.documentError})")
                    .otherwise()
                        .setHeader("documentResult", method(DocumentResultColumn.class, "of"))
                        .to("sql:update documents set status = 'done', result = :#documentResult,"
                            + " batch_id = :#${header.CamelScaleDownBatchId}"
                            + " where id = :#${header.CamelScaleDownCustomId}?" + SQL_OPTIONS)
                        .log(LoggingLevel.INFO, LOG_NAME, "documents row ${header.CamelScaleDownCustomId} -> done"
                                                          + " (${header.CamelScaleDownModel})")
                .end()
                .bean("resultTally", "record('database', ${header." + ScaleDownConstants.ERROR_CODE + "})");
    }
}
