package xyz.scaledown.camel.aggregation;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import xyz.scaledown.camel.tracking.SubmitIntents;

/**
 * Where a {@link ScaleDownAggregationRepository} keeps its batches: open ones (still aggregating, one per correlation
 * key) and completed ones (handed to the route, kept until confirmed). Every operation but reading a batch back costs
 * the same whatever its size. Thread-safe.
 */
public interface AggregationStore {

    void start() throws Exception;

    /** The submit side of the store whose records these are, or null when the batches are kept apart. */
    default SubmitIntents intents() {
        return null;
    }

    void stop();

    /** Read once at start. */
    List<StoredGroup> openGroups();

    void forEachCustomId(String exchangeId, IdVisitor visitor);

    void create(StoredGroup group, List<StoredItem> firstItems);

    /** All or none. */
    void append(String exchangeId, int firstPosition, List<StoredItem> items);

    /** Asked only when the in-heap hash check hits. */
    boolean containsCustomId(String exchangeId, String customId);

    /** With the envelope of the exchange as it completed. */
    void complete(String exchangeId, byte[] envelope);

    void delete(String exchangeId);

    Set<String> completedIds();

    /** Null when it is not (or no longer) there. */
    StoredGroup completed(String exchangeId);

    /** In the order they were added. */
    void forEachLine(String exchangeId, LineVisitor visitor) throws IOException;

    /** The correlation headers (JSON, with the item's model) of the items that have any. */
    void forEachCorrelation(String exchangeId, CorrelationVisitor visitor);

    @FunctionalInterface
    interface LineVisitor {
        void visit(byte[] requestLine) throws IOException;
    }

    @FunctionalInterface
    interface CorrelationVisitor {
        void visit(String customId, String correlationJson);
    }

    @FunctionalInterface
    interface IdVisitor {
        void visit(String customId);
    }
}
