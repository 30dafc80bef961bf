package xyz.scaledown.sandbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Streams a completed batch's output as JSON Lines, computing each item's result as its line is
 * written, so no more than one line is ever held in memory.
 */
final class OutputWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private final SummarizeModel summarize = new SummarizeModel();
    private final ExtractModel extract = new ExtractModel();
    private final ClassifyModel classify = new ClassifyModel();

    /**
     * The output-line fault switches: custom_id parts whose lines are left out, written twice, or followed by a
     * garbage line and a line for a custom_id never submitted (null: off).
     */
    record Shaping(String dropMatching, String duplicateMatching, String garbageAfterMatching) {

        static final Shaping NONE = new Shaping(null, null, null);

        private static boolean matches(String part, String customId) {
            return part != null && customId.contains(part);
        }
    }

    void write(List<StoredItem> items, Shaping shaping, OutputStream out) throws IOException {
        CharBuffer content = new CharBuffer();
        try (JsonGenerator line = JSON.createGenerator(out);
             JsonGenerator contentJson = JSON.createGenerator(content)) {
            line.setRootValueSeparator(null);
            contentJson.setRootValueSeparator(null);
            for (StoredItem item : items) {
                String customId = new String(item.customId(), StandardCharsets.UTF_8);
                if (Shaping.matches(shaping.dropMatching(), customId)) {
                    continue;
                }
                int copies = Shaping.matches(shaping.duplicateMatching(), customId) ? 2 : 1;
                for (int copy = 0; copy < copies; copy++) {
                    writeLine(item, line, contentJson, content);
                    line.writeRaw('\n');
                }
                if (Shaping.matches(shaping.garbageAfterMatching(), customId)) {
                    line.writeRaw("this line is not JSON (sandbox fault)\n");
                    writeLine(StoredItem.of("never-submitted-" + customId, "Unknown.", item.params()), line,
                            contentJson, content);
                    line.writeRaw('\n');
                }
            }
        }
    }

    private void writeLine(StoredItem item, JsonGenerator line, JsonGenerator contentJson, CharBuffer content)
            throws IOException {
        String text = item.text() == null ? null : new String(item.text(), StandardCharsets.UTF_8);
        line.writeStartObject();
        line.writeFieldName("custom_id");
        line.writeUTF8String(item.customId(), 0, item.customId().length);
        String problem = StoredItem.problem(text, item.params());
        line.writeObjectFieldStart("response");
        if (problem != null) {
            line.writeNumberField("status_code", 422);
            line.writeNullField("body");
            line.writeEndObject();
            line.writeObjectFieldStart("error");
            line.writeStringField("code", "unprocessable");
            line.writeStringField("message", problem);
            line.writeEndObject();
        } else {
            line.writeNumberField("status_code", 200);
            line.writeObjectFieldStart("body");
            line.writeStringField("model", item.params().model());
            line.writeArrayFieldStart("choices");
            line.writeStartObject();
            line.writeObjectFieldStart("message");
            line.writeFieldName("content");
            writeContent(text, item.params(), contentJson);
            contentJson.flush();
            line.writeString(content.chars(), 0, content.size());
            content.reset();
            line.writeEndObject();
            line.writeEndObject();
            line.writeEndArray();
            line.writeEndObject();
            line.writeEndObject();
            line.writeNullField("error");
        }
        line.writeEndObject();
    }

    private void writeContent(String text, ItemParams params, JsonGenerator json) throws IOException {
        json.writeStartObject();
        if (params instanceof ItemParams.Summarize s) {
            String summary = summarize.summarize(text, s.maxTokens());
            json.writeStringField("summary", summary);
            json.writeNumberField("input_chars", text.length());
            json.writeNumberField("output_chars", summary.length());
        } else if (params instanceof ItemParams.Extract e) {
            json.writeArrayFieldStart("entities");
            for (ExtractModel.Span span : extract.extract(text, e.labels(), e.kinds())) {
                json.writeStartObject();
                json.writeStringField("type", span.type());
                json.writeStringField("text", span.text());
                json.writeNumberField("confidence", span.confidence());
                json.writeNumberField("start", span.start());
                json.writeNumberField("end", span.end());
                json.writeEndObject();
            }
            json.writeEndArray();
        } else if (params instanceof ItemParams.Classify c) {
            writeClassification(classify.classify(text, c.labels(), c.labelWords()), json);
        }
        json.writeEndObject();
    }

    private static void writeClassification(ClassifyModel.Classification result, JsonGenerator json)
            throws IOException {
        List<ClassifyModel.Score> scores = result.scores();
        json.writeStringField("top_label", result.topLabel());
        json.writeObjectFieldStart("scores");
        for (int i = 0; i < scores.size(); i++) {
            if (firstWithName(scores, i)) {
                json.writeNumberField(scores.get(i).name(), scores.get(i).score());
            }
        }
        json.writeEndObject();
        json.writeStringField("reasoning", result.reasoning());
        json.writeArrayFieldStart("labels");
        for (ClassifyModel.Score score : scores) {
            json.writeStartObject();
            json.writeStringField("name", score.name());
            json.writeNumberField("score", score.score());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** A label name given twice keeps its first score in the {@code scores} object, whose keys must be unique. */
    private static boolean firstWithName(List<ClassifyModel.Score> scores, int index) {
        String name = scores.get(index).name();
        for (int i = 0; i < index; i++) {
            if (scores.get(i).name().equals(name)) {
                return false;
            }
        }
        return true;
    }
}
