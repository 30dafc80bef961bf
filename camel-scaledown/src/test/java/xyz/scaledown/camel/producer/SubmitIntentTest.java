package xyz.scaledown.camel.producer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.http.Fault;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.ScaleDownEndpoint;
import xyz.scaledown.camel.ScaleDownSubmitUncertainException;
import xyz.scaledown.camel.WireMockCamelTestSupport;
import xyz.scaledown.camel.model.BatchSubmission;
import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.tracking.InMemoryBatchTracker;
import xyz.scaledown.camel.tracking.SubmitIntent;
import xyz.scaledown.camel.tracking.TrackedBatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No double submit, against a WireMock API: the intent is recorded before the POST, a batch sent again with the same
 * content (or submit key) is answered from the record, and one whose POST got no answer is reported instead of sent
 * again.
 */
class SubmitIntentTest extends WireMockCamelTestSupport {

    private static final String BATCHES = "/v1/batches";

    @TempDir
    static Path trackers;

    private final Path trackerDirectory = trackers.resolve("t" + System.nanoTime());

    /** A tracker whose first track call fails, as a process that dies right after the POST's answer. */
    private final InMemoryBatchTracker diesOnce = new InMemoryBatchTracker() {
        private boolean died;

        @Override
        public void trackSubmitted(String submitKey, TrackedBatch batch, List<String> customIds,
                Map<String, Map<String, Object>> correlations) {
            if (!died) {
                died = true;
                throw new IllegalArgumentException("died before tracking");
            }
            super.trackSubmitted(submitKey, batch, customIds, correlations);
        }
    };

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        camel.getRegistry().bind("diesOnce", diesOnce);
        return camel;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit?trackerDirectory=" + trackerDirectory);
                from("direct:submitDiesBeforeTracking").to("scaledown:submit?tracker=#diesOnce");
                // a step after submit that fails: the aggregator would not confirm, and recovery sends it again
                from("direct:submitThenFail").to("scaledown:submit?trackerDirectory=" + trackerDirectory)
                        .throwException(new IllegalStateException("the route failed after submit"));
            }
        };
    }

    @Test
    void whenTheIntentCannotBeRecordedNothingIsPosted() throws Exception {
        api.stubFor(post(BATCHES).willReturn(okJson("{\"batch_id\":\"b-1\",\"status\":\"queued\",\"total_count\":2}")));
        // the store cannot write: where the record's items go there is a directory
        Files.createDirectories(trackerDirectory.resolve("=k-1.items"));
        Files.writeString(trackerDirectory.resolve("=k-1.items").resolve("x"), "not a record");
        Exchange exchange = batch("one", "two");
        exchange.getMessage().setHeader(ScaleDownConstants.SUBMIT_KEY, "k-1");

        Exchange done = template.send("direct:submit", exchange);

        assertNotNull(done.getException());
        assertTrue(done.getException().getMessage().contains("cannot record the submit intent"),
                done.getException().getMessage());
        api.verify(0, postRequestedFor(urlEqualTo(BATCHES)));
    }

    @Test
    void aBatchSentAgainAfterItsIdWasRecordedIsNotPostedAgain() {
        api.stubFor(post(BATCHES).willReturn(okJson("{\"batch_id\":\"b-7\",\"status\":\"queued\",\"total_count\":2}")));
        Exchange first = template.send("direct:submitThenFail", batch("one", "two"));
        assertEquals("the route failed after submit", first.getException().getMessage());

        // what the aggregator's recovery does: the same exchange id and body, sent again
        Exchange recovered = template.send("direct:submit", sameExchange(first, "one", "two"));

        assertEquals(null, recovered.getException());
        assertEquals("b-7", recovered.getMessage().getHeader(ScaleDownConstants.BATCH_ID));
        assertEquals("b-7", recovered.getMessage().getBody(BatchSubmission.class).batchId());
        api.verify(1, postRequestedFor(urlEqualTo(BATCHES)));
    }

    @Test
    void theSameExchangeWithOtherContentIsANewBatch() {
        api.stubFor(post(BATCHES).willReturn(okJson("{\"batch_id\":\"b-8\",\"status\":\"queued\",\"total_count\":1}")));
        Exchange first = template.send("direct:submitThenFail", batch("one"));

        template.send("direct:submit", sameExchange(first, "other"));

        api.verify(2, postRequestedFor(urlEqualTo(BATCHES)));
    }

    @Test
    void aBatchWhosePostGotNoAnswerIsReportedWithItsItemsAndOnlyResentWhenAllowed() {
        api.stubFor(post(BATCHES).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        Exchange first = template.send("direct:submit", batch("one", "two"));
        assertTrue(first.getException().getMessage().contains("may or may not have been created"));

        Exchange again = template.send("direct:submit", sameExchange(first, "one", "two"));

        ScaleDownSubmitUncertainException uncertain = assertInstanceOf(ScaleDownSubmitUncertainException.class,
                again.getException());
        assertEquals(List.of("one", "two"), uncertain.getCustomIds());
        assertTrue(uncertain.getMessage().contains("(2 items: one, two) may or may not have been created"),
                uncertain.getMessage());
        api.verify(1, postRequestedFor(urlEqualTo(BATCHES)));

        api.stubFor(post(BATCHES).willReturn(okJson("{\"batch_id\":\"b-9\",\"status\":\"queued\",\"total_count\":2}")));
        Exchange allowed = sameExchange(first, "one", "two");
        allowed.getMessage().setHeader(ScaleDownConstants.RESUBMIT_UNCERTAIN, true);
        Exchange resent = template.send("direct:submit", allowed);

        assertEquals(null, resent.getException());
        assertEquals("b-9", resent.getMessage().getHeader(ScaleDownConstants.BATCH_ID));
        api.verify(2, postRequestedFor(urlEqualTo(BATCHES)));
    }

    @Test
    void theRecordedFingerprintIsTheSha256OfTheLinesThePostSent() throws Exception {
        api.stubFor(post(BATCHES).willReturn(okJson("{\"batch_id\":\"b-4\",\"status\":\"queued\",\"total_count\":2}")));
        Exchange first = template.send("direct:submitThenFail", batch("one", "two"));

        byte[] sent = api.getAllServeEvents().get(0).getRequest().getBody();
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sent));
        // the key is the content's fingerprint: the SHA-256 of the lines the POST sent
        SubmitIntent intent = context.getEndpoint("scaledown:submit?trackerDirectory=" + trackerDirectory,
                ScaleDownEndpoint.class).getTracker().submitIntents().find(expected).orElseThrow();
        assertEquals(expected, intent.fingerprint());
        assertEquals("b-4", intent.submission().batchId());
    }

    @Test
    void anIntentWhosePostGotNoAnswerHoldsItsSubmitKeyWhateverComesBack() {
        api.stubFor(post(BATCHES).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        Exchange first = batch("one", "two");
        first.getMessage().setHeader(ScaleDownConstants.SUBMIT_KEY, "ID:message-1");
        template.send("direct:submit", first);

        // other content under the same submit key: the first batch may exist, so this is not a new batch either
        Exchange other = batch("three");
        other.getMessage().setHeader(ScaleDownConstants.SUBMIT_KEY, "ID:message-1");
        Exchange again = template.send("direct:submit", other);

        assertInstanceOf(ScaleDownSubmitUncertainException.class, again.getException());
        api.verify(1, postRequestedFor(urlEqualTo(BATCHES)));
    }

    @Test
    void aBatchWhoseProcessDiedBeforeTrackingItIsTrackedWhenItComesBackNotPostedAgain() {
        api.stubFor(post(BATCHES).willReturn(okJson("{\"batch_id\":\"b-5\",\"status\":\"queued\",\"total_count\":2}")));
        Exchange first = template.send("direct:submitDiesBeforeTracking", batch("one", "two"));
        assertEquals("died before tracking", first.getException().getMessage());
        assertTrue(diesOnce.pending().isEmpty());

        Exchange recovered = template.send("direct:submitDiesBeforeTracking", sameExchange(first, "one", "two"));

        assertEquals(null, recovered.getException());
        assertEquals(List.of("b-5"), diesOnce.pending().stream().map(TrackedBatch::batchId).toList());
        assertEquals(2, diesOnce.items("b-5").size());
        assertEquals("two", diesOnce.items("b-5").customId(1));
        api.verify(1, postRequestedFor(urlEqualTo(BATCHES)));
    }

    private Exchange batch(String... customIds) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(items(customIds));
        return exchange;
    }

    private Exchange sameExchange(Exchange earlier, String... customIds) {
        Exchange exchange = batch(customIds);
        exchange.setExchangeId(earlier.getExchangeId());
        return exchange;
    }

    private static List<SummarizeItem> items(String... customIds) {
        return java.util.Arrays.stream(customIds).map(id -> SummarizeItem.of(id, "text of " + id)).toList();
    }
}
