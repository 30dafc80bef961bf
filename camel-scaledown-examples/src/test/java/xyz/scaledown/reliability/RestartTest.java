package xyz.scaledown.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import xyz.scaledown.camel.tracking.jdbc.TestDatabases;
import xyz.scaledown.sandbox.SandboxConfig;
import xyz.scaledown.sandbox.ScaleDownSandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The restart matrix: kills a child JVM ({@link RestartChild}) with {@code destroyForcibly()} between two steps of a
 * batch's life (add, complete, intent, POST, batch id, tracked, polling, delivered marks), then starts a second one on
 * the same store: one directory (the aggregation repository's and {@code trackerDirectory}) or one PostgreSQL database
 * ({@code JdbcScaleDownAggregationRepository} and {@code trackerDataSource}). Every acknowledged item is delivered
 * (only the item in flight at the kill twice, and the idempotent repository lets it through once) or, when the POST's
 * outcome cannot be known, reported with its items; no batch is posted twice.
 */
class RestartTest {

    private static final int ITEMS = 20;
    private static final long TIMEOUT_MILLIS = 60_000;
    /** Request headers the gateway does not pass on: the JDK client sets them itself. */
    private static final Set<String> HOP_BY_HOP =
            Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");

    enum Store { DIRECTORY, POSTGRESQL }

    @TempDir
    Path work;

    private ScaleDownSandbox sandbox;
    private HikariDataSource database;
    private String storeArgument;
    private final ChildJvms jvms = new ChildJvms();
    /** The children started, for the gateway to kill. */
    private final List<Process> children = new CopyOnWriteArrayList<>();
    private final List<String> childOutput = new CopyOnWriteArrayList<>();
    private final List<String> secondOutput = new CopyOnWriteArrayList<>();
    private HttpServer gateway;
    private long submitsBeforeTheRestart;

    @BeforeEach
    void startSandbox() {
        // batches stay queued for a while, so the child is still polling when it is killed at that point
        sandbox = ScaleDownSandbox.start(SandboxConfig.builder().port(0).apiKey(RestartChild.API_KEY)
                .queuedMillis(800).processingMillis(100).build());
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        jvms.close();
        if (gateway != null) {
            gateway.stop(0);
        }
        sandbox.close();
        if (database != null) {
            database.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void killedWhileAggregatingNoItemIsLostAndTheBatchIsSubmittedOnce(Store store) throws Exception {
        on(store);
        stopsItselfAndRestarts(RestartChild.AGGREGATING, "SUBMITTED");

        assertEveryItemDeliveredOnce();
        assertEquals(1L, sandbox.requestCounts().submit(), "the items stored before the kill and the rest: one batch");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void killedAfterTheBatchCompletedItIsSubmittedOnceAfterTheRestart(Store store) throws Exception {
        on(store);
        stopsItselfAndRestarts(RestartChild.AFTER_COMPLETE, "SUBMITTED");

        assertEquals(0L, submitsBeforeTheRestart, "the first process died before submit");
        assertEveryItemDeliveredOnce();
        assertEquals(1L, sandbox.requestCounts().submit(), "recovery submits the completed batch once");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void killedAfterTheIntentBeforeThePostReachedTheApiTheBatchIsReportedAndNotSent(Store store) throws Exception {
        on(store);
        killedAtTheGatewayAndRestarted(RestartChild.BEFORE_POST, false);

        assertEquals(0L, sandbox.requestCounts().submit(), "the API never saw a POST, before or after the restart");
        assertReportedAsUncertainWithEveryItem();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void killedDuringThePostTheBatchIsReportedAsMaybeCreatedWithItsItemsAndNotSentAgain(Store store) throws Exception {
        on(store);
        // the sandbox holds the POST before answering: the process dies waiting for the answer
        sandbox.faults().slowMillis(5_000);
        Process first = startChild(RestartChild.IN_POST, "first", sandbox.baseUrl());
        awaitCondition(() -> sandbox.requestCounts().submit() == 1, "the POST to reach the sandbox", first);
        first.destroyForcibly().waitFor();
        sandbox.faults().slowMillis(0);

        Process second = startChild(RestartChild.IN_POST, "second", sandbox.baseUrl());
        awaitReportedOrSubmitted(second);
        second.destroyForcibly().waitFor();

        assertEquals(1L, sandbox.requestCounts().submit(), "recovery never posted it again");
        assertReportedAsUncertainWithEveryItem();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void killedAfterTheApiAnsweredBeforeTheBatchIdWasRecordedTheBatchIsReportedAndNotSentAgain(Store store)
            throws Exception {
        on(store);
        killedAtTheGatewayAndRestarted(RestartChild.AFTER_ANSWER, true);

        assertEquals(1L, sandbox.requestCounts().submit(), "recovery never posted it again");
        assertEquals(1L, sandbox.requestCounts().batchesCreated(), "the API created the batch before the kill");
        assertReportedAsUncertainWithEveryItem();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void killedAfterTheBatchIdWasRecordedBeforeTrackingTheRecoveredBatchIsNotSubmittedAgain(Store store)
            throws Exception {
        on(store);
        stopsItselfAndRestarts(RestartChild.AFTER_BATCH_ID, "REPLAYED");

        assertEveryItemDeliveredOnceFromOneBatch();
        assertEquals(1L, sandbox.requestCounts().submit(), "recovery is answered from the recorded batch id");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void killedAfterTheBatchWasTrackedBeforeTheAggregatorConfirmedItIsNotSubmittedAgain(Store store)
            throws Exception {
        on(store);
        stopsItselfAndRestarts(RestartChild.AFTER_TRACKED, "REPLAYED");

        assertEveryItemDeliveredOnceFromOneBatch();
        assertEquals(1L, sandbox.requestCounts().submit(), "recovery is answered from the store");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void killedWhilePollingEveryItemIsDeliveredOnceAfterTheRestart(Store store) throws Exception {
        on(store);
        Process first = startChild(RestartChild.POLLING, "first", sandbox.baseUrl());
        // the batch stays queued at the sandbox for 800 ms: the results consumer is polling its status
        awaitCondition(() -> sandbox.requestCounts().status() >= 2, "the results consumer to poll the batch", first);
        first.destroyForcibly().waitFor();
        assertTrue(deliveredLines().isEmpty(), "killed before any result was delivered");

        Process second = startChild(RestartChild.POLLING, "second", sandbox.baseUrl());
        awaitAllDelivered(second);
        second.destroyForcibly().waitFor();

        assertEveryItemDeliveredOnce();
        assertEquals(1, sandbox.requestCounts().submit(), "the tracked batch is polled again, not resubmitted");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void killedWhileEmittingOnlyTheInFlightItemIsDeliveredTwice(Store store) throws Exception {
        on(store);
        stopsItselfAndRestarts(RestartChild.EMITTING, null);

        Map<String, Long> deliveries = deliveries();
        assertEquals(expectedIds(), deliveries.keySet(), "every item delivered");
        Map<String, Long> twice = deliveries.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals(Map.of("item-" + ITEMS / 2, 2L), twice,
                "only the item being routed when the process died comes again; the idempotent repository stops the rest");
        assertEquals(1, sandbox.requestCounts().submit());
    }

    // ------------------------------------------------------------------ the run

    private void on(Store store) {
        if (store == Store.POSTGRESQL) {
            String jdbcUrl = TestDatabases.newPostgresDatabaseUrl();
            database = TestDatabases.pool(jdbcUrl, TestDatabases.POSTGRES_USER);
            storeArgument = jdbcUrl;
        } else {
            storeArgument = RestartChild.DIRECTORY;
        }
    }

    /**
     * The first child stops itself at the point and is killed there; the second delivers what is left and, when
     * {@code recovered} is given, hands the batch the first left in the aggregation repository to submit, which answers
     * with that line ({@code SUBMITTED} or {@code REPLAYED}).
     */
    private void stopsItselfAndRestarts(String point, String recovered) throws Exception {
        Process first = startChild(point, "first", sandbox.baseUrl());
        awaitOutputStartingWith("AT " + point, first);
        first.destroyForcibly().waitFor();
        submitsBeforeTheRestart = sandbox.requestCounts().submit();
        // the restart is a new node: it resumes the open batch as its own once the killed node's lease ran out (the
        // documented wait); a start within it opens a batch of its own, and recovery completes the old one apart
        Thread.sleep(RestartChild.LEASE_MILLIS);

        Process second = startChild(point, "second", sandbox.baseUrl());
        awaitAllDelivered(second);
        if (recovered != null) {
            awaitCondition(() -> secondOutput.stream().anyMatch(RestartTest::submitAnswered),
                    "the recovered batch to be handed to submit", second);
            assertTrue(secondOutput.stream().anyMatch(line -> line.startsWith(recovered + " ")),
                    "the recovered batch was answered with " + recovered + ":\n" + output());
        }
        second.destroyForcibly().waitFor();
    }

    /**
     * The first child submits through a gateway in front of the sandbox, which kills it when the POST arrived
     * (not passed on), or once the sandbox answered it (the answer not passed back); the second child talks to the
     * sandbox and ends with the dead letter route.
     */
    private void killedAtTheGatewayAndRestarted(String point, boolean passTheRequestOn) throws Exception {
        List<Process> killed = new CopyOnWriteArrayList<>();
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/", exchange -> {
            try (exchange) {
                byte[] request = exchange.getRequestBody().readAllBytes();
                if (!exchange.getRequestMethod().equals("POST")) {
                    forward(exchange, request, true);
                    return;
                }
                if (passTheRequestOn) {
                    forward(exchange, request, false);
                }
                childOutput.add("GATEWAY killing the child at " + exchange.getRequestMethod() + " "
                                + exchange.getRequestURI());
                for (Process child : children) {
                    killed.add(child);
                    child.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                childOutput.add("GATEWAY failed: " + e);
                throw e;
            }
        });
        gateway.start();
        Process first = startChild(point, "first", "http://127.0.0.1:" + gateway.getAddress().getPort());
        awaitCondition(() -> killed.contains(first) && !first.isAlive(), "the POST to reach the gateway", first);

        Process second = startChild(point, "second", sandbox.baseUrl());
        awaitReportedOrSubmitted(second);
        second.destroyForcibly().waitFor();
    }

    /** Sends the request on to the sandbox; passes its answer back only when asked to. */
    private void forward(HttpExchange exchange, byte[] request, boolean answer) throws IOException,
            InterruptedException {
        HttpRequest.Builder onward = HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                                                                      + exchange.getRequestURI()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(request));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(value -> onward.header(name, value));
            }
        });
        HttpResponse<byte[]> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(onward.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (answer) {
            response.headers().firstValue("Content-Type")
                    .ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
            exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1
                    : response.body().length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(response.body());
            }
        }
    }

    private Process startChild(String point, String phase, String baseUrl) throws IOException {
        Process child = jvms.start(RestartChild.class, line -> {
            childOutput.add(line);
            if (phase.equals("second")) {
                secondOutput.add(line);
            }
        }, point, phase, baseUrl, work.toString(), String.valueOf(ITEMS), storeArgument);
        children.add(child);
        return child;
    }

    private void awaitOutputStartingWith(String prefix, Process child) throws Exception {
        awaitCondition(() -> childOutput.stream().anyMatch(line -> line.startsWith(prefix)),
                "the child to print '" + prefix + "...'", child);
    }

    /** The second child either gave the uncertain batch to the dead letter route, or submit answered it. */
    private void awaitReportedOrSubmitted(Process second) throws Exception {
        awaitCondition(() -> secondOutput.stream().anyMatch(line -> line.startsWith("DEAD ") || submitAnswered(line)),
                "the recovered batch to be reported or answered", second);
    }

    private static boolean submitAnswered(String line) {
        return line.startsWith("SUBMITTED ") || line.startsWith("REPLAYED ");
    }

    private void awaitAllDelivered(Process child) throws Exception {
        awaitCondition(() -> deliveries().keySet().containsAll(expectedIds()) && noBatchTracked(),
                "every item to be delivered after the restart", child);
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private void awaitCondition(Condition condition, String what, Process child) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (condition.holds()) {
                return;
            }
            if (!child.isAlive() && !condition.holds()) {
                break;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("timed out waiting for " + what + " (" + deliveries().size() + "/" + ITEMS
                                 + " delivered):\n" + output());
    }

    private String output() {
        return String.join("\n", childOutput);
    }

    /** No batch left in the tracker: every item of every tracked batch was delivered (a delivered batch keeps only its key's record). */
    private boolean noBatchTracked() throws IOException {
        if (database != null) {
            try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM scaledown_item")) {
                rows.next();
                return rows.getLong(1) == 0;
            } catch (SQLException e) {
                return false; // the tables are not there yet
            }
        }
        try (Stream<Path> files = Files.list(work.resolve("tracker"))) {
            return files.noneMatch(file -> file.getFileName().toString().endsWith(".items"));
        }
    }

    private List<String> deliveredLines() throws IOException {
        Path log = work.resolve("delivered.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** custom id -> how many times it reached the side effect. */
    private Map<String, Long> deliveries() throws IOException {
        Map<String, Long> counts = new HashMap<>();
        for (String line : deliveredLines()) {
            if (!line.isBlank()) {
                counts.merge(line.substring(line.indexOf(' ') + 1), 1L, Long::sum);
            }
        }
        return counts;
    }

    private static Set<String> expectedIds() {
        return IntStream.range(0, ITEMS).mapToObj(i -> "item-" + i).collect(Collectors.toSet());
    }

    private void assertEveryItemDeliveredOnce() throws IOException {
        Map<String, Long> deliveries = deliveries();
        assertEquals(expectedIds(), deliveries.keySet(), "every item delivered");
        assertTrue(deliveries.values().stream().allMatch(count -> count == 1), "no duplicate: " + deliveries);
    }

    private void assertEveryItemDeliveredOnceFromOneBatch() throws IOException {
        assertEveryItemDeliveredOnce();
        Set<String> batches = deliveredLines().stream().filter(line -> !line.isBlank())
                .map(line -> line.substring(0, line.indexOf(' '))).collect(Collectors.toSet());
        assertEquals(1, batches.size(), "every result comes from the one batch: " + batches);
    }

    /** The dead letter route got the batch with every item named, and nothing was delivered. */
    private void assertReportedAsUncertainWithEveryItem() throws IOException {
        assertTrue(childOutput.stream().anyMatch(line -> line.contains("may or may not have been created")
                && line.contains("item-0, item-1")), "the error handler saw the uncertain batch with its items named");
        String dead = secondOutput.stream().filter(line -> line.startsWith("DEAD ")).findFirst()
                .orElseThrow(() -> new AssertionError("the batch was not reported:\n" + output()));
        List<String> reported = List.of(dead.split(" ", 3)[2].split(","));
        assertEquals(ITEMS, reported.size(), dead);
        assertEquals(expectedIds(), Set.copyOf(reported), "every acknowledged item is reported: " + dead);
        assertTrue(deliveredLines().isEmpty(), "nothing delivered");
    }
}
