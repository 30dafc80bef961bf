package xyz.scaledown.examples;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks that a result (as the JSON the pipelines write) really belongs to its input text. */
final class ResultAssertions {

    static final String FAIL_MARKER = "[[sandbox:fail]]";
    static final ObjectMapper JSON = new ObjectMapper();

    private ResultAssertions() {
    }

    static JsonNode parse(String json) throws Exception {
        return JSON.readTree(json);
    }

    static void assertSummaryOf(String input, JsonNode result, String what) {
        String summary = result.path("summary").asText();
        assertFalse(summary.isBlank(), what + ": empty summary");
        assertTrue(summary.length() < input.length(), what + ": the summary is not shorter than the input");
        assertEquals(input.length(), result.path("input_chars").asInt(), what + ": input_chars is not the input's length");
    }

    static void assertEntitiesOf(String input, Set<String> entityNames, JsonNode result, String what) {
        JsonNode entities = result.path("entities");
        assertTrue(entities.isArray() && !entities.isEmpty(), what + ": no entities found");
        for (JsonNode entity : entities) {
            int start = entity.path("start").asInt();
            int end = entity.path("end").asInt();
            assertEquals(input.substring(start, end), entity.path("text").asText(),
                    what + ": the offsets of " + entity + " do not point at its text");
            assertTrue(entityNames.contains(entity.path("type").asText()),
                    what + ": entity type " + entity.path("type") + " is not one of " + entityNames);
        }
    }

    static void assertTopLabelAmong(Set<String> labels, JsonNode result, String what) {
        String topLabel = result.path("top_label").asText();
        assertTrue(labels.contains(topLabel), what + ": top label '" + topLabel + "' is not one of " + labels);
    }
}
