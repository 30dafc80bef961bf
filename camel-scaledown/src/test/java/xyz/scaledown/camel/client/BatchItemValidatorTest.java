package xyz.scaledown.camel.client;

import xyz.scaledown.camel.InvalidBatchItemException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.ClassifyItem;
import xyz.scaledown.camel.model.ClassifyLabel;
import xyz.scaledown.camel.model.ExtractItem;
import xyz.scaledown.camel.model.SummarizeItem;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchItemValidatorTest {

    private static final SummarizeItem GOOD = SummarizeItem.of("ok-0", "some text");
    private static final List<ClassifyLabel> LABELS = List.of(new ClassifyLabel("urgent", "Is it urgent?"));

    @Test
    void aValidMixedBatchPasses() {
        assertDoesNotThrow(() -> BatchItemValidator.validate(List.of(GOOD,
                ExtractItem.of("ok-1", "text", Map.of("party", "a contract party")),
                ClassifyItem.of("ok-2", "text", LABELS),
                new SummarizeItem("ok-3", "text", "short", 100))));
    }

    @Test
    void emptyOrNullBatchIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchItemValidator.validate(List.of()));
        assertEquals("a batch needs at least one item", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BatchItemValidator.validate(null));
    }

    @Test
    void nullItem() {
        assertInvalid(Arrays.asList(GOOD, null), 1, null, "item");
    }

    @Test
    void missingOrBlankCustomId() {
        assertInvalid(List.of(GOOD, SummarizeItem.of(null, "text")), 1, null, "custom_id");
        assertInvalid(List.of(GOOD, SummarizeItem.of(" ", "text")), 1, " ", "custom_id");
    }

    @Test
    void duplicateCustomIdNamesBothPositions() {
        InvalidBatchItemException e = assertInvalid(
                List.of(GOOD, SummarizeItem.of("x", "a"), SummarizeItem.of("ok-0", "b")), 2, "ok-0", "custom_id");
        assertTrue(e.getMessage().contains("item 0") && e.getMessage().contains("item 2"), e.getMessage());
    }

    @Test
    void blankText() {
        InvalidBatchItemException e = assertInvalid(
                List.of(GOOD, SummarizeItem.of("a", "b"), SummarizeItem.of("b", "c"), SummarizeItem.of("doc-7", "  ")),
                3, "doc-7", "text");
        assertEquals("item 3 (custom_id 'doc-7'): field 'text' is missing or blank", e.getMessage());
        assertInvalid(List.of(ExtractItem.of("e", null, Map.of("a", "b"))), 0, "e", "text");
    }

    @Test
    void summarizeMaxTokensMustBePositive() {
        assertInvalid(List.of(new SummarizeItem("s", "text", null, 0)), 0, "s", "max_tokens");
        assertInvalid(List.of(new SummarizeItem("s", "text", null, -5)), 0, "s", "max_tokens");
    }

    @Test
    void extractEntitiesRules() {
        assertInvalid(List.of(ExtractItem.of("e", "text", null)), 0, "e", "entities");
        assertInvalid(List.of(ExtractItem.of("e", "text", Map.of())), 0, "e", "entities");
        assertInvalid(List.of(ExtractItem.of("e", "text", Map.of(" ", "desc"))), 0, "e", "entities");
        assertInvalid(List.of(ExtractItem.of("e", "text", Map.of("party", " "))), 0, "e", "entities[party]");
        Map<String, String> tooMany = new LinkedHashMap<>();
        for (int i = 0; i <= BatchItemValidator.MAX_EXTRACT_ENTITIES; i++) {
            tooMany.put("label" + i, "description");
        }
        assertInvalid(List.of(ExtractItem.of("e", "text", tooMany)), 0, "e", "entities");
        tooMany.remove("label0");
        assertDoesNotThrow(() -> BatchItemValidator.validate(List.of(ExtractItem.of("e", "text", tooMany))));
    }

    @Test
    void classifyLabelRules() {
        assertInvalid(List.of(ClassifyItem.of("c", "text", null)), 0, "c", "labels");
        assertInvalid(List.of(ClassifyItem.of("c", "text", List.of())), 0, "c", "labels");
        List<ClassifyLabel> nullLabel = new ArrayList<>(LABELS);
        nullLabel.add(null);
        assertInvalid(List.of(ClassifyItem.of("c", "text", nullLabel)), 0, "c", "labels[1]");
        assertInvalid(List.of(ClassifyItem.of("c", "text",
                List.of(LABELS.get(0), new ClassifyLabel("", "Is it?")))), 0, "c", "labels[1].name");
        assertInvalid(List.of(ClassifyItem.of("c", "text",
                List.of(LABELS.get(0), new ClassifyLabel("spam", " ")))), 0, "c", "labels[1].rubric");
        assertInvalid(List.of(ClassifyItem.of("c", "text",
                List.of(LABELS.get(0), new ClassifyLabel("urgent", "Again?")))), 0, "c", "labels[1].name");
    }

    private static InvalidBatchItemException assertInvalid(List<? extends BatchItem> items, int index, String customId,
                                                           String field) {
        InvalidBatchItemException e = assertThrows(InvalidBatchItemException.class, () -> BatchItemValidator.validate(items));
        assertEquals(index, e.getIndex(), e.getMessage());
        assertEquals(customId, e.getCustomId(), e.getMessage());
        assertEquals(field, e.getField(), e.getMessage());
        assertTrue(e.getMessage().startsWith("item " + index + " ("), e.getMessage());
        assertTrue(e.getMessage().contains("field '" + field + "'"), e.getMessage());
        return e;
    }
}
