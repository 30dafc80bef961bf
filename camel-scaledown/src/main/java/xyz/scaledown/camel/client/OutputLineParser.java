package xyz.scaledown.camel.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import xyz.scaledown.camel.model.BatchResultItem;
import xyz.scaledown.camel.model.ClassifyResult;
import xyz.scaledown.camel.model.ExtractResult;
import xyz.scaledown.camel.model.ResultError;
import xyz.scaledown.camel.model.ScaleDownModel;
import xyz.scaledown.camel.model.ScaleDownResult;
import xyz.scaledown.camel.model.SummarizeResult;

/**
 * Turns one line of a batch's output into a {@link BatchResultItem}. It never throws for bad content: a line it
 * cannot read becomes an item with the error code {@value #INVALID_LINE}, so one bad line never loses the rest of
 * the batch.
 */
public final class OutputLineParser {

    public static final String INVALID_LINE = "invalid_output_line";
    public static final String HTTP_ERROR = "http_error";
    /** The code of an error line that named none. */
    public static final String UNSPECIFIED_ERROR = "error";
    static final int QUOTE_CHARS = 200;

    // reads the custom_id out of a line Jackson cannot parse (truncated, say), so the failure can still be matched
    private static final Pattern CUSTOM_ID = Pattern.compile("\"custom_id\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\")");

    private final ObjectMapper mapper;
    private final ObjectReader lineReader;
    private final Map<ScaleDownModel, ObjectReader> resultReaders = new EnumMap<>(ScaleDownModel.class);

    public OutputLineParser() {
        this(new ObjectMapper());
    }

    public OutputLineParser(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper").copy()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.lineReader = this.mapper.readerFor(OutputLine.class);
        for (ScaleDownModel model : ScaleDownModel.values()) {
            resultReaders.put(model, this.mapper.readerFor(resultType(model)));
        }
    }

    public BatchResultItem parse(String line, long lineNumber) {
        if (line == null || line.isBlank()) {
            return invalid(null, "empty line", lineNumber, "");
        }
        OutputLine parsed;
        try {
            // bound straight to records in one pass: a tree of every line costs ~2x on large outputs
            parsed = lineReader.readValue(line);
        } catch (IOException e) {
            return parseUnusual(line, lineNumber, e);
        }
        return interpret(parsed, () -> line, lineNumber);
    }

    /**
     * Parses a line given as UTF-8 bytes, as {@link #parse(String, long)} does the same line as text; the text is
     * decoded only for a line that is reported.
     */
    public BatchResultItem parse(byte[] bytes, int offset, int length, long lineNumber) {
        OutputLine parsed;
        try {
            parsed = lineReader.readValue(bytes, offset, length);
        } catch (IOException e) {
            // the rare line Jackson cannot bind: read again as text for the precise message (malformed UTF-8
            // included, which decoding replaces)
            return parse(new String(bytes, offset, length, StandardCharsets.UTF_8), lineNumber);
        }
        return interpret(parsed, () -> new String(bytes, offset, length, StandardCharsets.UTF_8), lineNumber);
    }

    /** @param text the line as text, asked for only when the line is reported */
    private BatchResultItem interpret(OutputLine parsed, Supplier<String> text, long lineNumber) {
        if (parsed == null) {
            return invalid(null, "not a JSON object", lineNumber, text.get());
        }
        String customId = parsed.customId();
        Response response = parsed.response() == null ? Response.NONE : parsed.response();
        ResponseBody body = response.body() == null ? ResponseBody.NONE : response.body();
        String modelName = body.model();
        int statusCode = response.statusCode();

        if (parsed.error() != null && !parsed.error().isNull()) {
            return new BatchResultItem(customId, modelName, statusCode, null, toError(parsed.error()));
        }
        if (statusCode != 0 && (statusCode < 200 || statusCode >= 300)) {
            return new BatchResultItem(customId, modelName, statusCode, null, new ResultError(HTTP_ERROR, "response"
                    + ".status_code " + statusCode + " (line " + lineNumber + "): " + quote(rawBody(text.get()))));
        }
        if (modelName == null) {
            return invalid(customId, "missing response.body.model", lineNumber, text.get());
        }
        ScaleDownModel model;
        try {
            model = ScaleDownModel.fromWireName(modelName);
        } catch (IllegalArgumentException e) {
            return invalid(customId, "unknown model '" + modelName + "'", lineNumber, text.get());
        }
        JsonNode content = body.firstContent();
        if (content == null || content.isMissingNode() || content.isNull()) {
            return invalid(customId, "missing response.body.choices[0].message.content", lineNumber, text.get());
        }
        ScaleDownResult result;
        try {
            result = readContent(content, model);
        } catch (IOException | IllegalArgumentException e) {
            return invalid(customId, "content is not valid " + model.wireName() + " JSON (" + firstLine(e.getMessage())
                                     + ")", lineNumber, text.get());
        }
        if (result == null) {
            return invalid(customId, "content is not a JSON object", lineNumber, text.get());
        }
        return new BatchResultItem(customId, model.wireName(), statusCode, result, null);
    }

    private ScaleDownResult readContent(JsonNode content, ScaleDownModel model) throws IOException {
        ObjectReader reader = resultReaders.get(model);
        if (content.isTextual()) {
            String text = content.asText().strip();
            if (text.startsWith("{")) {
                return reader.readValue(text.getBytes(StandardCharsets.UTF_8));
            }
            mapper.readTree(text); // the rare case: throws when it is not JSON at all, else it is JSON but no object
            return null;
        }
        return content.isObject() ? reader.readValue(content) : null;
    }

    /** A line that does not bind to the expected shape: the slow path, worth a precise message. */
    private BatchResultItem parseUnusual(String line, long lineNumber, IOException bindingError) {
        JsonNode root;
        try {
            root = mapper.readTree(line);
        } catch (IOException e) {
            return invalid(salvageCustomId(line), "not JSON (" + firstLine(e.getMessage()) + ")", lineNumber, line);
        }
        if (root == null || !root.isObject()) {
            return invalid(null, "not a JSON object", lineNumber, line);
        }
        return invalid(textOrNull(root.get("custom_id")),
                "unexpected structure (" + firstLine(bindingError.getMessage()) + ")", lineNumber, line);
    }

    private String rawBody(String line) {
        try {
            return mapper.readTree(line).path("response").path("body").toString();
        } catch (IOException e) {
            return line;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record OutputLine(@JsonProperty("custom_id") String customId, @JsonProperty("response") Response response,
            @JsonProperty("error") JsonNode error) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Response(@JsonProperty("status_code") int statusCode, @JsonProperty("body") ResponseBody body) {
        static final Response NONE = new Response(0, null);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record ResponseBody(@JsonProperty("model") String model, @JsonProperty("choices") List<Choice> choices) {
        static final ResponseBody NONE = new ResponseBody(null, null);

        JsonNode firstContent() {
            if (choices == null || choices.isEmpty() || choices.get(0) == null || choices.get(0).message() == null) {
                return null;
            }
            return choices.get(0).message().content();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Choice(@JsonProperty("message") Message message) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Message(@JsonProperty("content") JsonNode content) {
    }

    private static Class<? extends ScaleDownResult> resultType(ScaleDownModel model) {
        return switch (model) {
            case SUMMARIZE -> SummarizeResult.class;
            case EXTRACT -> ExtractResult.class;
            case CLASSIFY -> ClassifyResult.class;
        };
    }

    /** Always with a code, so routes can tell failed items by the error code header alone. */
    private static ResultError toError(JsonNode error) {
        if (error.isObject()) {
            String code = textOrNull(error.get("code"));
            return new ResultError(code == null ? UNSPECIFIED_ERROR : code, textOrNull(error.get("message")));
        }
        return new ResultError(UNSPECIFIED_ERROR, error.isTextual() ? error.asText() : error.toString());
    }

    private static BatchResultItem invalid(String customId, String problem, long lineNumber, String line) {
        return new BatchResultItem(customId, null, 0, null,
                new ResultError(INVALID_LINE, problem + ", line " + lineNumber + ": " + quote(line)));
    }

    private String salvageCustomId(String line) {
        Matcher m = CUSTOM_ID.matcher(line);
        if (!m.find()) {
            return null;
        }
        try {
            return mapper.readValue(m.group(1), String.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }

    static String quote(String text) {
        String shown = text.length() > QUOTE_CHARS ? text.substring(0, QUOTE_CHARS) + "..." : text;
        return "'" + shown + "'";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        String first = end < 0 ? message : message.substring(0, end);
        return first.length() > 100 ? first.substring(0, 100) + "..." : first;
    }
}
