package xyz.scaledown.examples;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

import xyz.scaledown.camel.ScaleDownConstants;

/**
 * The queue example: requests on {@code scaledown.requests} -> batches -> ScaleDown -> one result message per request
 * on {@code scaledown.results.<model>} (or {@code scaledown.results.errors}), carrying the JMSCorrelationID of its
 * request so the sender can match them.
 */
public class QueuePipelineRoutes extends RouteBuilder {

    public static final String RESULT_QUEUE_PREFIX = "scaledown.results.";
    public static final String ERROR_QUEUE = RESULT_QUEUE_PREFIX + "errors";

    private static final String TRACKER = "trackerDirectory={{examples.work-dir}}/tracker/queue";

    @Override
    public void configure() {
        // camel-jms drops Camel* properties of incoming messages, so a plain-text request names its model in a
        // property "model"; its entities or labels are then the configured ones
        from("jms:queue:" + QueueRequests.REQUEST_QUEUE).routeId("queue-requests")
                .choice()
                    .when(header(QueueRequests.MODEL_PROPERTY).isNotNull())
                        .setHeader(ScaleDownConstants.MODEL, header(QueueRequests.MODEL_PROPERTY))
                        .setHeader(ScaleDownConstants.ENTITIES, constant("{{examples.extract.entities}}"))
                        .setHeader(ScaleDownConstants.LABELS, constant("{{examples.classify.labels}}"))
                .end()
                .aggregate(constant("queue"), ExampleBatching.strategy(getContext(), "queue-", "JMSCorrelationID"))
                    .completionTimeout("{{examples.batch.completion-timeout}}")
                    .completionTimeoutCheckerInterval(ExampleBatching.checkerInterval(getContext()))
                    .to("scaledown:submit?" + TRACKER);

        from("scaledown:results?" + TRACKER + "&delay={{examples.results.poll-delay}}&initialDelay=0")
                .routeId("queue-results")
                .convertBodyTo(String.class)
                .choice()
                    .when(header(ScaleDownConstants.ERROR_CODE).isNotNull())
                        .setHeader("resultQueue", constant(ERROR_QUEUE))
                    .otherwise()
                        .setHeader("resultQueue", simple(RESULT_QUEUE_PREFIX + "${header.CamelScaleDownModel}"))
                .end()
                .toD("jms:queue:${header.resultQueue}")
                .log(LoggingLevel.INFO, "xyz.scaledown.examples.queue",
                        "${header.JMSCorrelationID} -> ${header.resultQueue}")
                .bean("resultTally", "record('queue', ${header." + ScaleDownConstants.ERROR_CODE + "})");
    }
}
