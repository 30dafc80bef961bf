package xyz.scaledown.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The option and header tables of the component docs against the catalog JSON camel-package-maven-plugin generates
 * from the code: every option and header of the code is documented, nothing documented is missing from the code, and
 * documented defaults and header types are the code's.
 */
class ComponentDocsMatchCatalogTest {

    private static final Path ADOC = Path.of("src/main/docs/scaledown-component.adoc");
    private static final Path CATALOG = Path.of("src/generated/resources/META-INF/xyz/scaledown/camel/scaledown.json");
    /** Options Camel adds to every component, documented by Camel rather than in our table. */
    private static final Set<String> CAMEL_COMPONENT_OPTIONS = Set.of("configuration", "autowiredEnabled",
            "lazyStartProducer");
    private static final Pattern CODE = Pattern.compile("`([A-Za-z][A-Za-z0-9]*)`");

    @Test
    void everyOptionOfTheCodeIsInTheOptionsTableWithItsDefault() throws Exception {
        JsonNode catalog = new ObjectMapper().readTree(CATALOG.toFile());
        Map<String, List<String>> documented = table(section("== Options"));

        Set<String> undocumented = new TreeSet<>();
        catalog.get("componentProperties").fieldNames().forEachRemaining(name -> {
            if (!CAMEL_COMPONENT_OPTIONS.contains(name) && !documented.containsKey(name)) {
                undocumented.add(name);
            }
        });
        assertEquals(Set.of(), undocumented, "options of the code missing from the adoc's Options table");

        Set<String> unknown = new TreeSet<>(documented.keySet());
        catalog.get("properties").fieldNames().forEachRemaining(unknown::remove);
        catalog.get("componentProperties").fieldNames().forEachRemaining(unknown::remove);
        assertEquals(Set.of(), unknown, "options in the adoc's Options table that the code does not have");

        documented.forEach((name, row) -> {
            JsonNode defaultValue = catalog.at("/properties/" + name + "/defaultValue");
            if (!defaultValue.isMissingNode() && row.size() == 1) {
                assertTrue(row.get(0).contains("`" + defaultValue.asText() + "`"),
                        () -> "the adoc gives option " + name + " the default '" + row.get(0) + "', the code "
                              + defaultValue.asText());
            }
        });
    }

    @Test
    void theHeadersTableIsTheCodesHeadersWithTheirTypes() throws Exception {
        JsonNode headers = new ObjectMapper().readTree(CATALOG.toFile()).get("headers");
        Map<String, List<String>> documented = table(section("== Message headers"));

        Set<String> inCode = new TreeSet<>();
        headers.fieldNames().forEachRemaining(inCode::add);
        assertEquals(inCode, new TreeSet<>(documented.keySet()), "headers of the code vs the adoc's headers table");
        documented.forEach((name, row) -> {
            String type = "`" + headers.at("/" + name + "/javaType").asText() + "`";
            String cell = row.isEmpty() ? type : row.get(0).strip();
            assertEquals(type, cell, () -> "type of header " + name);
        });
    }

    /** Every table of the section, up to the next section of the same level. */
    private static String section(String title) throws Exception {
        String adoc = Files.readString(ADOC);
        int start = adoc.indexOf(title + "\n");
        assertTrue(start >= 0, "no section " + title);
        int end = adoc.indexOf("\n== ", start + title.length());
        String body = adoc.substring(start, end < 0 ? adoc.length() : end);
        StringBuilder tables = new StringBuilder();
        for (int tableStart = body.indexOf("|==="); tableStart >= 0; ) {
            int tableEnd = body.indexOf("|===", tableStart + 4);
            tables.append(body, tableStart + 4, tableEnd);
            tableStart = body.indexOf("|===", tableEnd + 4);
        }
        return tables.toString();
    }

    /**
     * The rows of an adoc table after its header row: each name in backticks of the first cell, with the cell after
     * it (for a row naming one option or header; rows naming several get an empty list).
     */
    private static Map<String, List<String>> table(String table) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        boolean header = true;
        for (String line : table.split("\n")) {
            if (!line.startsWith("|")) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            String[] cells = line.substring(1).split("\\|");
            List<String> names = new ArrayList<>();
            Matcher m = CODE.matcher(cells[0]);
            while (m.find()) {
                names.add(m.group(1));
            }
            for (String name : names) {
                rows.put(name, names.size() == 1 && cells.length > 1 ? List.of(cells[1]) : List.of());
            }
        }
        return rows;
    }
}
