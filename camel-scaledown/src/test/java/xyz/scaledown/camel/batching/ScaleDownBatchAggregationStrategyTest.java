package xyz.scaledown.camel.batching;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.ClassifyItem;
import xyz.scaledown.camel.model.ExtractItem;
import xyz.scaledown.camel.model.SummarizeItem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScaleDownBatchAggregationStrategyTest extends CamelTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:mixed")
                        .aggregate(constant(true), new ScaleDownBatchAggregationStrategy()
                                .correlationHeaders("ticketId", "source").customIdPrefix("gen-"))
                        .completionTimeout(300)
                        .to("mock:mixed");

                from("direct:capped")
                        .aggregate(constant(true), new ScaleDownBatchAggregationStrategy().maxItems(10))
                        .completionSize(100).completionTimeout(500)
                        .to("mock:capped");

                from("direct:bytes")
                        .aggregate(constant(true), new ScaleDownBatchAggregationStrategy().maxBytes(2_500))
                        .completionSize(100).completionTimeout(500)
                        .to("mock:bytes");
            }
        };
    }

    @Test
    void everyInputShapeBecomesAnItemWithCorrelationKept() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:mixed");
        mock.expectedMessageCount(1);

        template.sendBodyAndHeader("direct:mixed", SummarizeItem.of(null, "typed"), "ticketId", 1);
        template.sendBodyAndHeaders("direct:mixed",
                Map.of("model", "extract", "text", "as a map", "entities", Map.of("person", "a name")),
                Map.of("ticketId", 2, "source", "crm", "ignored", "x"));
        template.sendBody("direct:mixed", "{\"model\":\"summarize\",\"text\":\"json text\",\"custom_id\":\"own-id\"}");
        template.sendBodyAndHeaders("direct:mixed", "plain text".getBytes(),
                Map.of(ScaleDownConstants.MODEL, "classify", ScaleDownConstants.LABELS, "spam:Is it spam?",
                        ScaleDownConstants.CUSTOM_ID, "from-header"));
        template.sendBodyAndHeaders("direct:mixed", "second plain", Map.of(ScaleDownConstants.MODEL, "summarize"));

        mock.assertIsSatisfied();
        Exchange out = mock.getReceivedExchanges().get(0);
        ScaleDownBatch batch = out.getMessage().getBody(ScaleDownBatch.class);
        List<BatchItem> items = batch.items();
        assertEquals(5, items.size());
        assertInstanceOf(SummarizeItem.class, items.get(0));
        assertInstanceOf(ExtractItem.class, items.get(1));
        assertEquals("json text", items.get(2).text());
        assertInstanceOf(ClassifyItem.class, items.get(3));
        assertEquals("plain text", items.get(3).text());

        assertEquals("own-id", items.get(2).customId());
        assertEquals("from-header", items.get(3).customId());
        assertTrue(items.get(0).customId().startsWith("gen-"), items.get(0).customId());
        Set<String> ids = new HashSet<>();
        items.forEach(item -> ids.add(item.customId()));
        assertEquals(5, ids.size(), "custom ids must be unique: " + ids);

        assertEquals(Map.of("ticketId", 1), batch.correlations().get(items.get(0).customId()));
        assertEquals(Map.of("ticketId", 2, "source", "crm"), batch.correlations().get(items.get(1).customId()));
        assertFalse(batch.correlations().containsKey("own-id"), "no correlation headers, no entry");
        assertNull(out.getMessage().getHeader(ScaleDownConstants.MODEL), "item headers are not batch headers");
    }

    @Test
    void maxItemsSplitsWhileCompletionSizeIsLarger() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:capped");
        mock.expectedMessageCount(3);
        for (int i = 0; i < 25; i++) {
            template.sendBody("direct:capped", SummarizeItem.of(null, "text " + i));
        }
        mock.assertIsSatisfied();
        List<Integer> sizes = mock.getReceivedExchanges().stream()
                .map(e -> e.getMessage().getBody(ScaleDownBatch.class).size()).toList();
        assertEquals(List.of(10, 10, 5), sizes);
        assertEquals("text 24", mock.getReceivedExchanges().get(2).getMessage().getBody(ScaleDownBatch.class)
                .items().get(4).text(), "no item lost or reordered across the split");
        Set<String> generated = new HashSet<>();
        mock.getReceivedExchanges().forEach(e -> e.getMessage().getBody(ScaleDownBatch.class).items()
                .forEach(item -> generated.add(item.customId())));
        assertEquals(25, generated.size(), "generated ids are unique across batches, not item-0.. in each: " + generated);
    }

    @Test
    void maxBytesSplitsAndAnOversizedItemGoesAlone() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:bytes");
        mock.expectedMessageCount(3);
        // each about 1,100 bytes estimated: two fit under 2,500, a third does not
        for (int i = 0; i < 3; i++) {
            template.sendBody("direct:bytes", SummarizeItem.of("s" + i, "x".repeat(1_000)));
        }
        template.sendBody("direct:bytes", SummarizeItem.of("huge", "y".repeat(10_000)));
        mock.assertIsSatisfied();
        List<List<String>> batches = mock.getReceivedExchanges().stream()
                .map(e -> e.getMessage().getBody(ScaleDownBatch.class).items().stream().map(BatchItem::customId).toList())
                .toList();
        assertEquals(List.of(List.of("s0", "s1"), List.of("s2"), List.of("huge")), batches);
        for (Exchange e : mock.getReceivedExchanges()) {
            ScaleDownBatch batch = e.getMessage().getBody(ScaleDownBatch.class);
            assertTrue(batch.size() == 1 || batch.estimatedBytes() <= 2_500, batch.toString());
        }
    }

    @Test
    void badMessageFailsAloneAndTheBatchKeepsTheOthers() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:mixed");
        mock.expectedMessageCount(1);

        template.sendBody("direct:mixed", SummarizeItem.of("a", "first"));
        template.sendBody("direct:mixed", SummarizeItem.of("b", "second"));

        CamelExecutionException bad = assertThrows(CamelExecutionException.class,
                () -> template.sendBody("direct:mixed", Map.of("model", "extract", "text", "no entities")));
        assertTrue(rootMessage(bad).matches("item 0 \\(custom_id 'gen-[0-9a-z]{12}-2'\\): field 'entities' is missing or empty"),
                rootMessage(bad));

        CamelExecutionException duplicate = assertThrows(CamelExecutionException.class,
                () -> template.sendBody("direct:mixed", SummarizeItem.of("a", "again")));
        assertTrue(rootMessage(duplicate).startsWith("duplicate custom_id 'a'"), rootMessage(duplicate));

        CamelExecutionException unconvertible = assertThrows(CamelExecutionException.class,
                () -> template.sendBody("direct:mixed", 42));
        assertTrue(rootMessage(unconvertible).contains("cannot turn a java.lang.Integer into a ScaleDown item"),
                rootMessage(unconvertible));

        template.sendBody("direct:mixed", SummarizeItem.of("c", "third"));
        template.sendBody("direct:mixed", SummarizeItem.of("d", "fourth"));
        template.sendBody("direct:mixed", SummarizeItem.of("e", "fifth"));

        mock.assertIsSatisfied();
        ScaleDownBatch batch = mock.getReceivedExchanges().get(0).getMessage().getBody(ScaleDownBatch.class);
        assertEquals(List.of("a", "b", "c", "d", "e"), batch.items().stream().map(BatchItem::customId).toList(),
                "the items before and after the bad messages are all in the one batch");
    }

    @Test
    void aFirstBadMessageCreatesNoBatch() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:capped");
        mock.expectedMessageCount(1);
        assertThrows(CamelExecutionException.class, () -> template.sendBody("direct:capped", "{\"text\":\"x\"}"));
        template.sendBody("direct:capped", SummarizeItem.of("only", "good"));
        mock.assertIsSatisfied();
        ScaleDownBatch batch = mock.getReceivedExchanges().get(0).getMessage().getBody(ScaleDownBatch.class);
        assertEquals(List.of("only"), batch.items().stream().map(BatchItem::customId).toList());
    }

    @Test
    void listBodyAddsAllItemsWithUniqueIds() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:capped");
        mock.expectedMessageCount(1);
        template.sendBody("direct:capped", List.of(SummarizeItem.of(null, "a"),
                Map.of("model", "summarize", "text", "b"), "{\"model\":\"summarize\",\"text\":\"c\"}"));
        mock.assertIsSatisfied();
        ScaleDownBatch batch = mock.getReceivedExchanges().get(0).getMessage().getBody(ScaleDownBatch.class);
        assertEquals(List.of("a", "b", "c"), batch.items().stream().map(BatchItem::text).toList());
        assertEquals(3, batch.items().stream().map(BatchItem::customId).distinct().count());
    }

    @Test
    void duplicateInsideOneListRejectsTheWholeList() {
        ScaleDownBatchAggregationStrategy strategy = new ScaleDownBatchAggregationStrategy();
        Exchange first = exchangeWith(SummarizeItem.of("x", "one"));
        Exchange batchExchange = strategy.aggregate(null, first);
        Exchange list = exchangeWith(List.of(SummarizeItem.of("y", "two"), SummarizeItem.of("y", "three")));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> strategy.aggregate(batchExchange, list));
        assertEquals(error, list.getException());
        assertEquals(1, batchExchange.getMessage().getBody(ScaleDownBatch.class).size(), "nothing of the list was added");
    }

    private Exchange exchangeWith(Object body) {
        Exchange exchange = new org.apache.camel.support.DefaultExchange(context);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    /** The message of the IllegalArgumentException the strategy raised, under Camel's wrappers. */
    private static String rootMessage(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                return t.getMessage();
            }
        }
        throw new AssertionError("no IllegalArgumentException in " + error, error);
    }
}
