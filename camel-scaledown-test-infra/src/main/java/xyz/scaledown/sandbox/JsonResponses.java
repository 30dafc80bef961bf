package xyz.scaledown.sandbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Small JSON answers with a known length: statuses, submissions and errors. */
final class JsonResponses {

    static final String JSON_TYPE = "application/json";

    private static final JsonFactory JSON = new JsonFactory();

    /** Writes one JSON object. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private JsonResponses() {
    }

    /** Reads what is left of the request body first, so a client still sending it gets the answer, not a reset. */
    static void send(HttpExchange exchange, int status, Body body) throws IOException {
        exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            body.write(json);
            json.writeEndObject();
        }
        exchange.getResponseHeaders().set("Content-Type", JSON_TYPE);
        exchange.sendResponseHeaders(status, bytes.size());
        try (OutputStream out = exchange.getResponseBody()) {
            bytes.writeTo(out);
        }
    }

    /** {@code {"error":{"code":...,"message":...}}} */
    static void sendError(HttpExchange exchange, int status, String code, String message) throws IOException {
        send(exchange, status, json -> writeError(json, code, message));
    }

    static void writeError(JsonGenerator json, String code, String message) throws IOException {
        json.writeObjectFieldStart("error");
        json.writeStringField("code", code);
        json.writeStringField("message", message);
        json.writeEndObject();
    }
}
