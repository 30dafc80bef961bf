package xyz.scaledown.reliability;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the durable stores hold after a run: every file or row counted ({@code census}), the submit keys among them,
 * how many keys have no batch id (an uncertain POST: their custom_ids stay with the key until the retention, for the
 * report of a batch that may or may not exist), and everything that is neither a key nor such ids ({@code others}).
 */
record StoreContents(String census, long keys, long uncertainKeys, Map<String, Long> others) {

    /** Nothing but submit keys (and the ids of uncertain ones): no batch, item, delivered mark or temp file left. */
    void assertOnlyKeys() {
        assertEquals(Map.of(), others, "the stores hold more than submit keys: " + this);
    }

    @Override
    public String toString() {
        return census + "; submit keys " + keys + " (" + uncertainKeys + " without a batch id)";
    }
}
