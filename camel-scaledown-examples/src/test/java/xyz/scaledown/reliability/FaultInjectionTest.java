package xyz.scaledown.reliability;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.ScaleDownConfiguration;
import xyz.scaledown.camel.ScaleDownErrorCodes;
import xyz.scaledown.camel.reliability.CapturedLog;
import xyz.scaledown.sandbox.SandboxConfig;
import xyz.scaledown.sandbox.SandboxFaults;
import xyz.scaledown.sandbox.ScaleDownSandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The full pipeline (aggregate, submit, results consumer, route) against the sandbox with faults switched on:
 * every item is delivered, delivered as an error item, or reported through the dead letter channel; none is lost.
 * For each way a batch can end badly (short output, duplicate and garbage lines, expired, cancelled, failed, unknown
 * to the API, a made-up status), the results consumer emits each submitted custom_id exactly once.
 */
class FaultInjectionTest {

    private static final Pattern RETRY_LINE = Pattern.compile("retry (\\d+)/3 in (\\d+) ms");

    private ScaleDownSandbox sandbox;
    private SandboxPipeline pipeline;
    private CapturedLog log;

    private SandboxPipeline start(SandboxFaults faults, int maxItems, long requestTimeoutMillis) throws Exception {
        return start(faults, maxItems, requestTimeoutMillis, configuration -> { });
    }

    private SandboxPipeline start(SandboxFaults faults, int maxItems, long requestTimeoutMillis,
                                  Consumer<ScaleDownConfiguration> options) throws Exception {
        log = new CapturedLog(Level.INFO, "xyz.scaledown");
        sandbox = ScaleDownSandbox.start(SandboxConfig.builder().port(0).apiKey(SandboxPipeline.API_KEY)
                .queuedMillis(20).processingMillis(40).faults(faults).build());
        pipeline = new SandboxPipeline(sandbox, maxItems, requestTimeoutMillis);
        options.accept(pipeline.configuration());
        pipeline.start();
        return pipeline;
    }

    @AfterEach
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (log != null) {
            log.close();
        }
    }

    @Test
    void aStormOf5xxLosesNothingAndEveryRetryIsLogged() throws Exception {
        start(new SandboxFaults(11).serverErrorRate(0.3), 50, 5_000);

        pipeline.send("storm", 1_000, 0);
        pipeline.awaitAllAccountedFor(1_000, 60_000);

        assertAccountsBalance(1_000);
        assertTrue(sandbox.requestCounts().serverErrors() > 0, "the storm happened");
        List<String> retries = retryLines();
        assertTrue(retries.stream().anyMatch(line -> line.contains("HTTP 503")), "5xx retries are logged");
        assertTrue(retries.stream().allMatch(line -> RETRY_LINE.matcher(line).find()), "attempt and delay: " + retries);
        // a submit fails for good when all 4 attempts draw a 5xx (0.3^4, under 1 %): which submits get which draws
        // depends on how status calls interleave with them, so up to two of the 20 batches may be reported whole
        assertEquals(0, pipeline.reportedFailed.size() % 50, "only whole batches are reported: " + pipeline.summary(1_000));
        assertTrue(pipeline.delivered.size() >= 900, "most items get through a 30% storm: " + pipeline.summary(1_000));
    }

    @Test
    void tooManyRequestsWaitsWhatRetryAfterSays() throws Exception {
        // 50 submits: the draws the submits get depend on how status calls interleave with them (submit wakes the
        // results consumer), so enough of them that some draw a 429 whatever the interleaving
        start(new SandboxFaults(12).tooManyRequestsRate(0.3).retryAfterSeconds(0), 10, 5_000);

        pipeline.send("busy", 500, 0);
        pipeline.awaitAllAccountedFor(500, 60_000);

        assertAccountsBalance(500);
        List<String> tooMany = retryLines().stream().filter(line -> line.contains("HTTP 429")).toList();
        assertFalse(tooMany.isEmpty(), "429 retries are logged");
        // the backoff would wait 10 ms or more; Retry-After: 0 makes every 429 retry wait 0 ms
        assertTrue(tooMany.stream().allMatch(line -> line.endsWith("in 0 ms")), tooMany.toString());
    }

    @Test
    void droppedConnectionsLoseNothing() throws Exception {
        start(new SandboxFaults(13).dropConnectionRate(0.15), 50, 5_000);

        pipeline.send("drop", 1_000, 0);
        pipeline.awaitAllAccountedFor(1_000, 60_000);

        assertAccountsBalance(1_000);
        assertTrue(sandbox.requestCounts().dropped() > 0, "connections were dropped");
        assertTrue(log.lines().stream().anyMatch(line -> line.startsWith("WARN") && line.contains("I/O error")),
                "I/O failures and the retry or back-off they lead to are logged");
    }

    @Test
    void aSubmitAnsweredAfterTheTimeoutIsReportedAndNotRepeated() throws Exception {
        start(new SandboxFaults(14).slowMillis(600), 10, 150);

        for (int message = 0; message < 3; message++) {
            pipeline.sendAsOneMessage("slow" + message, 10);
        }
        pipeline.awaitAllAccountedFor(30, 30_000);

        assertAccountsBalance(30);
        assertEquals(30, pipeline.reportedFailed.size(), "each item of each timed-out submit is reported");
        assertEquals(3, pipeline.reportedSubmits.get());
        assertEquals(3, sandbox.requestCounts().submit(), "an ambiguous submit is never repeated");
        assertTrue(pipeline.submitFailureMessages.stream().allMatch(m -> m.contains("may or may not have been created")),
                pipeline.submitFailureMessages.toString());
    }

    @Test
    void slowStatusAnswersAreRetriedUntilTheBatchIsDelivered() throws Exception {
        SandboxFaults faults = new SandboxFaults(15);
        start(faults, 20, 150);

        pipeline.send("lag", 40, 0);
        awaitSubmits(2);
        faults.slowMillis(400);
        awaitLogLine("SocketTimeoutException");
        faults.slowMillis(0);
        pipeline.awaitAllAccountedFor(40, 30_000);

        assertAccountsBalance(40);
        assertEquals(40, pipeline.delivered.size(), "a slow status call loses nothing: " + pipeline.summary(40));
    }

    @Test
    void aFailedBatchGivesAnErrorItemForEachOfItsItems() throws Exception {
        SandboxFaults faults = new SandboxFaults(16).failBatchesMatching("doomed");
        start(faults, 25, 5_000);

        pipeline.sendAsOneMessage("fine", 25);
        pipeline.sendAsOneMessage("fine-too", 25);
        pipeline.sendAsOneMessage("doomed", 25);
        pipeline.awaitAllAccountedFor(75, 30_000);

        assertEachItemExactlyOnce(75);
        assertEquals(25, pipeline.errorItemsWithCode(ScaleDownErrorCodes.BATCH_FAILED));
        assertTrue(pipeline.errorItems.stream().allMatch(id -> id.startsWith("doomed-")));
        assertEquals(50, pipeline.delivered.size());
    }

    @Test
    void aShortOutputGivesAMissingFromOutputItemForEachLineLeftOut() throws Exception {
        start(new SandboxFaults(20).dropOutputLinesMatching("short-1"), 20, 5_000);

        pipeline.sendAsOneMessage("short", 20);
        pipeline.awaitAllAccountedFor(20, 30_000);

        assertEachItemExactlyOnce(20);
        // short-1 and short-10..short-19 are left out of the output
        assertEquals(11, pipeline.errorItemsWithCode(ScaleDownErrorCodes.MISSING_FROM_OUTPUT));
        assertEquals(9, pipeline.delivered.size());
    }

    @Test
    void duplicateAndGarbageLinesAreNotRoutedAndEachItemComesOnce() throws Exception {
        start(new SandboxFaults(21).duplicateOutputLinesMatching("dup").garbageAfterOutputLinesMatching("dup-3"),
                20, 5_000);

        pipeline.sendAsOneMessage("dup", 20);
        pipeline.awaitAllAccountedFor(20, 30_000);
        awaitLogLine("output lines not routed"); // logged just after the store completes the batch

        assertEachItemExactlyOnce(20);
        assertEquals(20, pipeline.delivered.size());
        String notRouted = log.lines().stream().filter(l -> l.startsWith("WARN") && l.contains("is not routed"))
                .reduce("", (a, b) -> a + b + "\n");
        // 20 duplicates, then after dup-3 one garbage line and one line for a custom_id never submitted
        assertEquals(22, notRouted.lines().count(), notRouted);
        assertTrue(log.all().contains("output lines not routed: 22 (1 unreadable, 1 unknown custom id, 20 duplicate)"),
                "the completion line counts them");
    }

    @Test
    void expiredAndCancelledBatchesKeepTheirPartialResults() throws Exception {
        start(new SandboxFaults(22).expireBatchesMatching("late").cancelBatchesMatching("stop"), 20, 5_000);

        pipeline.sendAsOneMessage("late", 20);
        pipeline.sendAsOneMessage("stop", 20);
        pipeline.sendAsOneMessage("fine", 20);
        pipeline.awaitAllAccountedFor(60, 30_000);

        assertEachItemExactlyOnce(60);
        assertEquals(10, pipeline.errorItemsWithCode(ScaleDownErrorCodes.BATCH_EXPIRED));
        assertEquals(10, pipeline.errorItemsWithCode(ScaleDownErrorCodes.BATCH_CANCELLED));
        assertEquals(40, pipeline.delivered.size(), "the first half of each ended batch, and the whole fine one");
    }

    @Test
    void itemsAnExpiredOrCancelledBatchDidNotAnswerAreAnsweredByAttempt2() throws Exception {
        start(new SandboxFaults(24).expireBatchesMatching("late").cancelBatchesMatching("stop")
                .firstSubmissionsOnly(true), 20, 5_000, configuration -> configuration.setMaxAttempts(2));

        pipeline.sendAsOneMessage("late", 20);
        pipeline.sendAsOneMessage("stop", 20);
        pipeline.sendAsOneMessage("fine", 20);
        pipeline.awaitAllAccountedFor(60, 30_000);

        assertEachItemExactlyOnce(60);
        assertEquals(60, pipeline.delivered.size(), "every item answered: " + pipeline.summary(60));
        assertEquals(5, sandbox.requestCounts().submit(), "three batches, then one follow-up per ended batch");
        assertEquals(20, pipeline.attempts.values().stream().filter(attempt -> attempt == 2).count(),
                "the second half of each ended batch came from attempt 2");
        assertEquals(40, pipeline.attempts.values().stream().filter(attempt -> attempt == 1).count());
    }

    @Test
    void whenEveryAttemptExpiresTheItemsComeAsErrorItemsOfTheLastAttempt() throws Exception {
        start(new SandboxFaults(25).expireBatchesMatching("late"), 20, 5_000,
                configuration -> configuration.setMaxAttempts(3));

        pipeline.sendAsOneMessage("late", 20);
        pipeline.awaitAllAccountedFor(20, 30_000);

        assertEachItemExactlyOnce(20);
        // each attempt answers the first half of what it was sent: 10, then 5, then 2 or 3
        assertEquals(3, sandbox.requestCounts().submit(), "the batch and two follow-ups");
        assertTrue(pipeline.errorItemsWithCode(ScaleDownErrorCodes.BATCH_EXPIRED) > 0, pipeline.summary(20));
        assertTrue(pipeline.errorCodes.keySet().stream().allMatch(id -> pipeline.attempts.get(id) == 3),
                "error items only after the last attempt: " + pipeline.attempts);
    }

    @Test
    void aBatchTheApiNoLongerKnowsIsGivenUpWhileTheOthersAreDelivered() throws Exception {
        start(new SandboxFaults(23).forgetBatchesMatching("gone"), 20, 5_000,
                configuration -> configuration.setMaxPollFailures(3));

        pipeline.sendAsOneMessage("gone", 20);
        pipeline.sendAsOneMessage("fine", 20);
        pipeline.awaitAllAccountedFor(40, 30_000);

        assertEachItemExactlyOnce(40);
        assertEquals(20, pipeline.errorItemsWithCode(ScaleDownErrorCodes.BATCH_UNREACHABLE));
        assertTrue(pipeline.errorItems.stream().allMatch(id -> id.startsWith("gone-")));
        assertEquals(20, pipeline.delivered.size());
    }

    @Test
    void aMadeUpStatusIsWarnedOnceAndTheBatchTimesOut() throws Exception {
        start(new SandboxFaults(24).madeUpStatusBatchesMatching("odd"), 20, 5_000,
                configuration -> configuration.setBatchTimeout(1_000));

        pipeline.sendAsOneMessage("odd", 20);
        pipeline.awaitAllAccountedFor(20, 30_000);

        assertEachItemExactlyOnce(20);
        assertEquals(20, pipeline.errorItemsWithCode(ScaleDownErrorCodes.BATCH_TIMEOUT));
        assertEquals(1, log.lines().stream().filter(l -> l.startsWith("WARN") && l.contains("'paused_by_operator'")
                && l.contains("does not know")).count(), log.all());
    }

    @Test
    void itemsFailingOnTheirOwnAreDeliveredAsErrorItems() throws Exception {
        start(new SandboxFaults(17), 40, 5_000);

        pipeline.send("mixed", 200, 10);
        pipeline.awaitAllAccountedFor(200, 30_000);

        assertAccountsBalance(200);
        assertEquals(20, pipeline.errorItems.size());
        assertEquals(180, pipeline.delivered.size());
    }

    @Test
    void retriesAreBoundedThenTheBatchIsReported() throws Exception {
        SandboxFaults faults = new SandboxFaults(18).serverErrorRate(1.0);
        start(faults, 10, 5_000);

        pipeline.sendAsOneMessage("down", 10);
        pipeline.awaitAllAccountedFor(10, 30_000);

        assertEquals(10, pipeline.reportedFailed.size());
        assertEquals(4, sandbox.requestCounts().submit(), "1 call + maxRetries 3");
        List<String> retries = retryLines();
        assertEquals(List.of("1", "2", "3"), retries.stream().map(RETRY_LINE::matcher).filter(java.util.regex.Matcher::find)
                .map(m -> m.group(1)).toList());
        assertEquals(List.of("10", "20", "40"), retries.stream().map(RETRY_LINE::matcher)
                .filter(java.util.regex.Matcher::find).map(m -> m.group(2)).toList(), "exponential backoff");
    }

    @Test
    void everythingAtOnceStillBalances() throws Exception {
        start(new SandboxFaults(19).serverErrorRate(0.1).tooManyRequestsRate(0.05).retryAfterSeconds(0)
                .dropConnectionRate(0.03).failNextBatches(1), 50, 5_000);

        pipeline.send("all", 2_000, 97);
        pipeline.awaitAllAccountedFor(2_000, 90_000);

        assertAccountsBalance(2_000);
        assertEquals(50, pipeline.errorItemsWithCode(ScaleDownErrorCodes.BATCH_FAILED), "one failed batch of 50");
    }

    /** Every item in exactly one of delivered / error item / reported failed, none twice after the idempotent step. */
    private void assertAccountsBalance(int sent) {
        Set<String> all = new HashSet<>(pipeline.delivered);
        all.addAll(pipeline.errorItems);
        all.addAll(pipeline.reportedFailed);
        assertEquals(sent, pipeline.accountedFor(), "each item in exactly one outcome: " + pipeline.summary(sent));
        assertEquals(sent, all.size(), "no item lost: " + pipeline.summary(sent));
        assertTrue(pipeline.tracker().pending().isEmpty(), "no batch left behind");
        assertFalse(log.all().contains(SandboxPipeline.API_KEY), "the key is never logged");
    }

    /** The accounts balance, and the results consumer emitted each submitted custom_id exactly once. */
    private void assertEachItemExactlyOnce(int sent) {
        assertAccountsBalance(sent);
        assertEquals(0, pipeline.duplicatesRemoved.get(), "no item came twice: " + pipeline.summary(sent));
        assertEquals(sent, pipeline.rawResultExchanges.get(), "one exchange per item: " + pipeline.summary(sent));
        assertEquals(0, pipeline.reportedFailed.size(), pipeline.summary(sent));
    }

    private List<String> retryLines() {
        return log.lines().stream().filter(line -> line.contains("RetryPolicy") && line.contains(", retry ")).toList();
    }

    private void awaitSubmits(long count) throws InterruptedException {
        for (int i = 0; i < 500 && sandbox.requestCounts().submit() < count; i++) {
            Thread.sleep(10);
        }
        assertTrue(sandbox.requestCounts().submit() >= count, "the batches were submitted");
    }

    private void awaitLogLine(String text) throws InterruptedException {
        for (int i = 0; i < 1_000 && !log.all().contains(text); i++) {
            Thread.sleep(10);
        }
        assertTrue(log.all().contains(text), "expected a log line with " + text);
    }
}
