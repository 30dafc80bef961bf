package com.example.tickets;

// tag::test[]
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.ScaleDownErrorCodes;
import xyz.scaledown.camel.model.SummarizeResult;
import xyz.scaledown.sandbox.junit.ScaleDownSandboxExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class TicketSummaryRoutesTest extends CamelTestSupport {

    // an instance field: each test gets a sandbox as configured here, every count at 0
    @RegisterExtension
    ScaleDownSandboxExtension sandbox = ScaleDownSandboxExtension.create()
            .apiKey("test-key")
            .completeImmediately();     // batches end at once (default: 200 ms queued, 500 ms processing)

    private static final Map<String, String> TICKETS = Map.of(
            "T-1", "I was charged twice for my subscription this month. Please refund the second payment.",
            "T-2", "The app crashes when I open the settings page. It started after the last update.",
            "T-3", "How do I change the e-mail address on my account? I cannot find the option anywhere.");

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        ScaleDownComponent scaledown = context.getComponent("scaledown", ScaleDownComponent.class);
        scaledown.getConfiguration().setBaseUrl(sandbox.baseUrl());
        scaledown.getConfiguration().setApiKey("test-key");
        return context;
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        Properties endpoints = new Properties();
        endpoints.put("tickets.summaries", "mock:summaries");
        endpoints.put("tickets.errors", "mock:errors");
        configuration.withUseOverridePropertiesWithPropertiesComponent(endpoints);
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new TicketSummaryRoutes();
    }

    @Test
    void everyTicketGetsASummaryFromOneBatch() throws Exception {
        MockEndpoint summaries = getMockEndpoint("mock:summaries");
        summaries.expectedMessageCount(TICKETS.size());
        summaries.expectedHeaderValuesReceivedInAnyOrder("ticketId", TICKETS.keySet().toArray());
        getMockEndpoint("mock:errors").expectedMessageCount(0);

        TICKETS.forEach((id, text) -> template.sendBodyAndHeader("direct:tickets", text, "ticketId", id));

        MockEndpoint.assertIsSatisfied(context, 20, TimeUnit.SECONDS);
        for (Exchange exchange : summaries.getExchanges()) {
            SummarizeResult result = exchange.getMessage().getBody(SummarizeResult.class);
            assertFalse(result.summary().isBlank(), exchange.getMessage().getHeader("ticketId", String.class));
        }
        assertEquals(1, sandbox.batchesCreated(), "the three tickets went in one batch");
    }

    @Test
    void aFailedBatchSendsEachTicketToTheErrorsAndIsNotSubmittedAgain() throws Exception {
        sandbox.faults().failNextBatches(1);
        MockEndpoint errors = getMockEndpoint("mock:errors");
        errors.expectedMessageCount(TICKETS.size());
        errors.expectedHeaderValuesReceivedInAnyOrder("ticketId", TICKETS.keySet().toArray());
        errors.allMessages().header(ScaleDownConstants.ERROR_CODE).isEqualTo(ScaleDownErrorCodes.BATCH_FAILED);
        getMockEndpoint("mock:summaries").expectedMessageCount(0);

        TICKETS.forEach((id, text) -> template.sendBodyAndHeader("direct:tickets", text, "ticketId", id));

        MockEndpoint.assertIsSatisfied(context, 20, TimeUnit.SECONDS);
        assertEquals(1, sandbox.batchesCreated(), "one batch billed, and no second submit of it");
    }
}
// end::test[]
