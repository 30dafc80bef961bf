package xyz.scaledown.camel.client;

import xyz.scaledown.camel.InvalidBatchItemException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.apache.camel.util.function.ThrowingConsumer;

import xyz.scaledown.camel.model.BatchItem;

/**
 * The JSON Lines body of one submit, written straight to the connection: a list of items held by the caller, or the
 * request lines of a batch kept in an aggregation repository. Writable more than once (a retried submit writes it
 * again).
 */
public interface BatchBody {

    int itemCount();

    /** Writes one request line per item, each ending with a newline. */
    void writeTo(OutputStream out) throws IOException;

    /** Hands out every item's custom_id, in order. */
    void forEachCustomId(Consumer<String> sink);

    /** Hands out every request line, without its newline, in order: the body is written once more and cut. */
    default void forEachLine(ThrowingConsumer<byte[], IOException> line) throws IOException {
        RequestLines.forEach(this, line);
    }

    /** Hands out every item's custom_id and model, in order; by default read back from the request lines. */
    default void forEachModel(BiConsumer<String, String> sink) {
        RequestLineModels.forEach(this, sink);
    }

    /**
     * The SHA-256 (hex) of what {@link #writeTo} writes, when the body already knows it (a stored batch digests its
     * lines as they are stored); null when it would take writing the body to find out.
     */
    default String fingerprint() {
        return null;
    }

    /**
     * The items of a list, checked with {@link BatchItemValidator#validate(List)} now, so bad input fails before
     * anything is recorded or sent.
     *
     * @throws InvalidBatchItemException for the first bad item
     */
    static BatchBody validated(List<? extends BatchItem> items) {
        BatchItemValidator.validate(items);
        return new ItemListBody(items);
    }
}
