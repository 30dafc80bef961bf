package com.example.tickets;

import org.apache.camel.builder.RouteBuilder;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;

/**
 * Support tickets in, one summary per ticket out: tickets sent to {@code direct:tickets} (header {@code ticketId}) go
 * to ScaleDown in batches; each result goes to {@code {{tickets.summaries}}}, each item that got no summary to
 * {@code {{tickets.errors}}}, with its {@code ticketId}.
 */
public class TicketSummaryRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // tag::routes[]
        from("direct:tickets")
                .routeId("tickets-in")
                .setHeader(ScaleDownConstants.MODEL, constant("summarize"))
                .aggregate(constant(true), new ScaleDownBatchAggregationStrategy()
                        .maxItems(100)
                        .correlationHeaders("ticketId"))        // given back on each result
                    .completionTimeout(1000).completionTimeoutCheckerInterval(100)
                .to("scaledown:submit");

        from("scaledown:results?initialDelay=0&delay=200")
                .routeId("tickets-out")
                .choice()
                    .when(header(ScaleDownConstants.ERROR_CODE).isNotNull())
                        .to("{{tickets.errors}}")
                    .otherwise()
                        .to("{{tickets.summaries}}")
                .end();
        // end::routes[]
    }
}
