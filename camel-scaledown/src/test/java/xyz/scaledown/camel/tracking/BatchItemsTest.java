package xyz.scaledown.camel.tracking;

import java.util.BitSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BatchItemsTest {

    private final BatchItems items = new BatchItems(List.of("a", "b", "c", "d", "e"), new BitSet());

    @Test
    void indexOfFindsEachCustomIdWhateverTheOrderOfTheLookUps() {
        List<String> lookUps = List.of("a", "b", "d", "c", "c", "e", "a", "e", "b", "x", "d");
        for (String customId : lookUps) {
            assertEquals("abcde".indexOf(customId), items.indexOf(customId), customId);
        }
    }

    @Test
    void indexOfAnUnknownOrNullCustomIdIsMinusOne() {
        assertEquals(-1, items.indexOf("z"));
        assertEquals(-1, items.indexOf(null));
        assertEquals(0, items.indexOf("a"));
        assertEquals(-1, items.indexOf(null));
        assertEquals(1, items.indexOf("b"));
    }
}
