package xyz.scaledown.sandbox;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelsTest {

    private final SummarizeModel summarize = new SummarizeModel();
    private final ExtractModel extract = new ExtractModel();
    private final ClassifyModel classify = new ClassifyModel();

    @Test
    void summaryIsShorterThanAnyTextOverFortyChars() {
        String[] texts = {
            "One two three four five six seven eight nine ten eleven twelve.",
            "A single very long sentence without any full stop that goes on and on and on for a while",
            "Short one. Then another short one. And a third. And a fourth sentence here. Fifth.",
            "x".repeat(41),
            ScaleDownSandboxTest.CONTRACT,
        };
        for (String text : texts) {
            String summary = summarize.summarize(text, SummarizeModel.DEFAULT_MAX_TOKENS);
            assertTrue(summary.length() < text.length(), summary);
            assertFalse(summary.isBlank());
            assertTrue(summary.length() <= text.length() / 3, summary);
        }
    }

    @Test
    void summaryKeepsWholeSentencesWhenTheyFit() {
        assertEquals("Short one. Then another short one.", summarize.summarize(
                "Short one. Then another short one. And a third. And a fourth sentence here. Fifth sentence ends. More words make it longer.",
                SummarizeModel.DEFAULT_MAX_TOKENS));
    }

    @Test
    void summaryRespectsMaxTokens() {
        String summary = summarize.summarize(ScaleDownSandboxTest.CONTRACT, 3);
        assertTrue(summary.length() <= 12, summary);
    }

    @Test
    void shortTextIsItsOwnSummary() {
        assertEquals("Tiny note.", summarize.summarize("  Tiny note. ", SummarizeModel.DEFAULT_MAX_TOKENS));
    }

    @Test
    void entityKindComesFromLabelThenDescription() {
        assertEquals(EntityKind.PERSON, EntityKind.forLabel("person", ""));
        assertEquals(EntityKind.ORGANISATION, EntityKind.forLabel("party", "the companies involved"));
        assertEquals(EntityKind.MONEY, EntityKind.forLabel("total", "the amount due"));
        assertEquals(EntityKind.DATE, EntityKind.forLabel("signed_on", "date of signature"));
        assertEquals(EntityKind.NONE, EntityKind.forLabel("colour", "favourite colour"));
    }

    @Test
    void extractFindsEachKindWithTrueOffsets() {
        String text = "Invoice from Northwind Traders GmbH dated 3 Jan 2025: £1,250.00 payable by Ms. Ada Lovelace. "
                + "Contact Grace Hopper before February 2025 about the EUR 300 fee.";
        List<String> labels = List.of("org", "money", "person", "date");
        List<EntityKind> kinds = List.of(EntityKind.ORGANISATION, EntityKind.MONEY, EntityKind.PERSON, EntityKind.DATE);
        List<ExtractModel.Span> spans = extract.extract(text, labels, kinds);
        for (ExtractModel.Span span : spans) {
            assertEquals(text.substring(span.start(), span.end()), span.text());
        }
        Set<String> found = spans.stream().map(s -> s.type() + "=" + s.text()).collect(Collectors.toSet());
        assertEquals(Set.of("org=Northwind Traders GmbH", "money=£1,250.00", "money=EUR 300",
                "person=Ms. Ada Lovelace", "person=Grace Hopper", "date=3 Jan 2025", "date=February 2025"), found);
    }

    @Test
    void classifyTiesGoToTheFirstLabel() {
        List<ClassifyModel.Label> labels = List.of(new ClassifyModel.Label("alpha", "Is it about zebras?"),
                new ClassifyModel.Label("beta", "Is it about giraffes?"));
        List<Set<String>> words = labels.stream().map(ClassifyModel::labelWords).collect(Collectors.toList());
        ClassifyModel.Classification result = classify.classify("Nothing relevant here.", labels, words);
        assertEquals("alpha", result.topLabel());
        assertEquals(0.0, result.scores().get(1).score());
        ClassifyModel.Classification giraffes = classify.classify("Giraffes everywhere!", labels, words);
        assertEquals("beta", giraffes.topLabel());
        assertTrue(giraffes.reasoning().contains("giraffe"));
    }

    @Test
    void statusFollowsTheClock() {
        List<StoredItem> items = java.util.Collections.nCopies(1000,
                StoredItem.of("id", "text", new ItemParams.Summarize(10)));
        Batch batch = new Batch("batch_1", items, 100, 200, 1000, Batch.Ending.COMPLETE);
        assertEquals(new Batch.Status(Batch.State.QUEUED, 0, 0), batch.statusAfter(199));
        assertEquals(new Batch.Status(Batch.State.PROCESSING, 0, 0), batch.statusAfter(200));
        assertEquals(new Batch.Status(Batch.State.PROCESSING, 450, 50), batch.statusAfter(700));
        assertEquals(new Batch.Status(Batch.State.COMPLETED, 900, 100), batch.statusAfter(1200));
        Batch failing = new Batch("batch_2", items, 0, 0, 0, Batch.Ending.FAIL);
        assertEquals(Batch.State.FAILED, failing.statusAfter(0).state());
        Batch expiring = new Batch("batch_3", items, 0, 0, 0, Batch.Ending.EXPIRE);
        assertEquals(new Batch.Status(Batch.State.EXPIRED, 500, 0), expiring.statusAfter(0));
        assertEquals(500, expiring.itemsInOutput(Batch.State.EXPIRED).size(), "half the items have results");
        assertEquals("paused_by_operator",
                new Batch("batch_4", items, 0, 0, 0, Batch.Ending.MADE_UP_STATUS).statusAfter(10_000).state().wireName());
    }

    @Test
    void mainReadsEveryOption() {
        SandboxConfig config = SandboxMain.parse(new String[] {"--port", "0", "--api-key", "K", "--queued-ms", "1",
            "--processing-ms", "2", "--error-rate", "0.3", "--429-rate", "0.1", "--retry-after", "4", "--slow-ms", "5",
            "--drop-rate", "0.05", "--seed", "42", "--fail-next-batches", "2", "--expire-batches-matching", "ex",
            "--cancel-batches-matching", "ca", "--forget-batches-matching", "fo", "--made-up-status-batches-matching",
            "mu", "--drop-output-lines-matching", "dr", "--duplicate-output-lines-matching", "du",
            "--garbage-after-output-lines-matching", "ga"});
        assertEquals(0, config.port());
        assertEquals("K", config.apiKey());
        assertEquals(1, config.queuedMillis());
        assertEquals(2, config.processingMillis());
        assertEquals(0.3, config.faults().serverErrorRate());
        assertEquals(0.1, config.faults().tooManyRequestsRate());
        assertEquals(4, config.faults().retryAfterSeconds());
        assertEquals(5, config.faults().slowMillis());
        assertEquals(0.05, config.faults().dropConnectionRate());
        assertEquals(2, config.faults().failNextBatches());
        assertEquals(List.of("ex", "ca", "fo", "mu", "dr", "du", "ga"), List.of(config.faults().expireBatchesMatching(),
                config.faults().cancelBatchesMatching(), config.faults().forgetBatchesMatching(),
                config.faults().madeUpStatusBatchesMatching(), config.faults().dropOutputLinesMatching(),
                config.faults().duplicateOutputLinesMatching(), config.faults().garbageAfterOutputLinesMatching()));
        assertFalse(config.toString().contains("K,"), "the key stays out of toString");
    }
}
