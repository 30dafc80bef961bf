package xyz.scaledown.camel.client;

import xyz.scaledown.camel.InvalidBatchItemException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.ClassifyItem;
import xyz.scaledown.camel.model.ClassifyLabel;
import xyz.scaledown.camel.model.ExtractItem;
import xyz.scaledown.camel.model.SummarizeItem;

/**
 * Checks a batch before it is sent, so bad input fails early with a message naming the item and the field.
 */
public final class BatchItemValidator {

    /** The cap other ScaleDown clients put on the entities of one extract request. */
    public static final int MAX_EXTRACT_ENTITIES = 1000;

    private BatchItemValidator() {
    }

    /**
     * @throws IllegalArgumentException   when the list is null or empty
     * @throws InvalidBatchItemException for the first item that breaks a rule
     */
    public static void validate(List<? extends BatchItem> items) {
        if (items == null || items.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one item");
        }
        Map<String, Integer> seenIds = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            BatchItem item = items.get(i);
            validateItem(item, i);
            Integer earlier = seenIds.putIfAbsent(item.customId(), i);
            if (earlier != null) {
                throw new InvalidBatchItemException(i, item.customId(), "custom_id",
                        "duplicates the custom_id of item " + earlier + " (positions " + earlier + " and " + i + ")");
            }
        }
    }

    /**
     * The rules one item must meet on its own (all but uniqueness within the batch).
     *
     * @param index the item's position, for the message
     * @throws InvalidBatchItemException naming the item and the field
     */
    public static void validateItem(BatchItem item, int index) {
        if (item == null) {
            throw new InvalidBatchItemException(index, null, "item", "is null");
        }
        String id = item.customId();
        if (isBlank(id)) {
            throw new InvalidBatchItemException(index, id, "custom_id", "is missing or blank");
        }
        if (isBlank(item.text())) {
            throw new InvalidBatchItemException(index, id, "text", "is missing or blank");
        }
        if (item instanceof SummarizeItem s) {
            checkSummarize(index, s);
        } else if (item instanceof ExtractItem e) {
            checkExtract(index, e);
        } else if (item instanceof ClassifyItem c) {
            checkClassify(index, c);
        }
    }

    private static void checkSummarize(int index, SummarizeItem item) {
        if (item.maxTokens() != null && item.maxTokens() <= 0) {
            throw new InvalidBatchItemException(index, item.customId(), "max_tokens",
                    "must be positive when set, was " + item.maxTokens());
        }
    }

    private static void checkExtract(int index, ExtractItem item) {
        Map<String, String> entities = item.entities();
        if (entities == null || entities.isEmpty()) {
            throw new InvalidBatchItemException(index, item.customId(), "entities", "is missing or empty");
        }
        if (entities.size() > MAX_EXTRACT_ENTITIES) {
            throw new InvalidBatchItemException(index, item.customId(), "entities",
                    "has " + entities.size() + " entries, more than the " + MAX_EXTRACT_ENTITIES + " allowed");
        }
        for (Map.Entry<String, String> entity : entities.entrySet()) {
            if (isBlank(entity.getKey())) {
                throw new InvalidBatchItemException(index, item.customId(), "entities", "has a blank label");
            }
            if (isBlank(entity.getValue())) {
                throw new InvalidBatchItemException(index, item.customId(), "entities[" + entity.getKey() + "]",
                        "has a missing or blank description");
            }
        }
    }

    private static void checkClassify(int index, ClassifyItem item) {
        List<ClassifyLabel> labels = item.labels();
        if (labels == null || labels.isEmpty()) {
            throw new InvalidBatchItemException(index, item.customId(), "labels", "is missing or empty");
        }
        Set<String> names = new HashSet<>();
        for (int l = 0; l < labels.size(); l++) {
            ClassifyLabel label = labels.get(l);
            if (label == null) {
                throw new InvalidBatchItemException(index, item.customId(), "labels[" + l + "]", "is null");
            }
            if (isBlank(label.name())) {
                throw new InvalidBatchItemException(index, item.customId(), "labels[" + l + "].name", "is missing or blank");
            }
            if (isBlank(label.rubric())) {
                throw new InvalidBatchItemException(index, item.customId(), "labels[" + l + "].rubric",
                        "of label '" + label.name() + "' is missing or blank");
            }
            if (!names.add(label.name())) {
                throw new InvalidBatchItemException(index, item.customId(), "labels[" + l + "].name",
                        "duplicates the label name '" + label.name() + "'");
            }
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
