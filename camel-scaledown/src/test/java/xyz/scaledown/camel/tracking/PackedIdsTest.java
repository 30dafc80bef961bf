package xyz.scaledown.camel.tracking;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PackedIdsTest {

    @Test
    void givesBackEveryIdInOrderWhateverItsCharacters() {
        List<String> ids = List.of("item-0", "", "ü-ß", "日本-1", "emoji-\uD83D\uDE00", "a\"b\\c");

        PackedIds packed = PackedIds.of(ids);

        assertEquals(ids, packed);
        assertEquals(6, packed.size());
        assertEquals("日本-1", packed.get(3));
        assertEquals(ids.hashCode(), packed.hashCode());
    }

    @Test
    void isImmutableAndNotPackedTwice() {
        List<String> ids = new ArrayList<>(List.of("a", "b"));
        PackedIds packed = PackedIds.of(ids);
        ids.set(0, "changed");

        assertEquals(List.of("a", "b"), packed, "a copy, not a view");
        assertThrows(UnsupportedOperationException.class, () -> packed.add("c"));
        assertSame(packed, PackedIds.of(packed));
        assertEquals(List.of(), PackedIds.of(List.of()));
    }
}
