package xyz.scaledown.camel.aggregation;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import xyz.scaledown.camel.tracking.SubmitIntents;

/**
 * Where a {@link ScaleDownAggregationRepository} keeps its batches: open ones (still aggregating, one per correlation
 * key) and completed ones (handed to the route, kept until confirmed). Every operation costs the same whatever the
 * size of the batch, except reading one back. Implementations are thread-safe.
 */
public interface AggregationStore {

    void start() throws Exception;

    /** The submit side of the tracker whose records this store writes, or null when it keeps its batches apart. */
    default SubmitIntents intents() {
        return null;
    }

    void stop();

    /** Every batch still aggregating, with its totals; read once at start. */
    List<StoredGroup> openGroups();

    /** Hands out the custom_ids of a batch (at start, to rebuild the duplicate check). */
    void forEachCustomId(String exchangeId, IdVisitor visitor);

    /** Starts an open batch holding {@code firstItems}. */
    void create(StoredGroup group, List<StoredItem> firstItems);

    /** Appends the items one exchange added to an open batch, all or none. */
    void append(String exchangeId, int firstPosition, List<StoredItem> items);

    /** True when the batch holds an item with this custom_id (asked only when the in-heap hash check hits). */
    boolean containsCustomId(String exchangeId, String customId);

    /** Moves an open batch to the completed ones, with the envelope of the exchange as it completed. */
    void complete(String exchangeId, byte[] envelope);

    /** Deletes a completed batch and its items. */
    void delete(String exchangeId);

    /** The exchange ids of the completed, unconfirmed batches. */
    Set<String> completedIds();

    /** A completed batch, or null when it is not (or no longer) there. */
    StoredGroup completed(String exchangeId);

    /** Reads a batch's request lines in the order they were added. */
    void forEachLine(String exchangeId, LineVisitor visitor) throws IOException;

    /** Reads the correlation headers (JSON) of the batch's items that have any. */
    void forEachCorrelation(String exchangeId, CorrelationVisitor visitor);

    /** Receives request lines. */
    @FunctionalInterface
    interface LineVisitor {
        void visit(byte[] requestLine) throws IOException;
    }

    /** Receives correlation headers. */
    @FunctionalInterface
    interface CorrelationVisitor {
        void visit(String customId, String correlationJson);
    }

    /** Receives custom ids. */
    @FunctionalInterface
    interface IdVisitor {
        void visit(String customId);
    }
}
