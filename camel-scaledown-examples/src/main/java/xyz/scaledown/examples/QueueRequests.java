package xyz.scaledown.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The sample requests of the queue example ({@code xyz/scaledown/examples/samples/queue/requests.json}) and how they are put on
 * {@code scaledown.requests}: either a JSON body that carries model, text and its own labels or entities, or plain
 * text with the model in the {@code model} property (the route adds the configured labels or entities).
 */
public final class QueueRequests {

    public static final String REQUEST_QUEUE = "scaledown.requests";
    public static final String MODEL_PROPERTY = "model";

    private static final String REQUESTS = ExamplesApplication.RESOURCES + "samples/queue/requests.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request; {@code jsonBody} is null for a plain-text request. */
    public record Request(String correlationId, String model, String text, String jsonBody) {

        /** The sandbox fails an item whose text holds this marker. */
        public boolean expectsError() {
            return text.contains("[[sandbox:fail]]");
        }
    }

    private QueueRequests() {
    }

    public static List<Request> samples() {
        try (InputStream in = QueueRequests.class.getClassLoader().getResourceAsStream(REQUESTS)) {
            if (in == null) {
                throw new IllegalStateException(REQUESTS + " is missing from the classpath");
            }
            List<Request> requests = new ArrayList<>();
            for (JsonNode node : JSON.readTree(in)) {
                String correlationId = node.path("correlationId").asText();
                JsonNode body = node.get("body");
                requests.add(body != null
                        ? new Request(correlationId, body.path("model").asText(), body.path("text").asText(),
                                JSON.writeValueAsString(body))
                        : new Request(correlationId, node.path("model").asText(), node.path("text").asText(), null));
            }
            return requests;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + REQUESTS, e);
        }
    }

    /** Sends every sample request; returns how many. */
    public static int send(ConnectionFactory connectionFactory) throws JMSException {
        List<Request> requests = samples();
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue(REQUEST_QUEUE))) {
            for (Request request : requests) {
                producer.send(message(session, request));
            }
        }
        return requests.size();
    }

    private static TextMessage message(Session session, Request request) throws JMSException {
        TextMessage message;
        if (request.jsonBody() != null) {
            message = session.createTextMessage(request.jsonBody());
        } else {
            message = session.createTextMessage(request.text());
            message.setStringProperty(MODEL_PROPERTY, request.model());
        }
        message.setJMSCorrelationID(request.correlationId());
        return message;
    }
}
