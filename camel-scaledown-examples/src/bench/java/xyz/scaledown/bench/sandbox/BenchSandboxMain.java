package xyz.scaledown.bench.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import xyz.scaledown.sandbox.RequestCounts;
import xyz.scaledown.sandbox.SandboxConfig;
import xyz.scaledown.sandbox.ScaleDownSandbox;

/**
 * The sandbox in its own JVM for the benchmark, with a control port beside it so the measured processes can read
 * and reset its request counts ({@code GET /counts}, {@code POST /reset}) and free its batches
 * ({@code POST /clear}). Prints {@code SANDBOX <baseUrl> CONTROL <controlUrl>} once both listen.
 * <p>
 * Arguments: queued milliseconds, processing milliseconds, API key.
 */
public final class BenchSandboxMain {

    private BenchSandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        ScaleDownSandbox sandbox = ScaleDownSandbox.start(SandboxConfig.builder().port(0)
                .queuedMillis(Long.parseLong(args[0])).processingMillis(Long.parseLong(args[1]))
                .apiKey(args[2]).build());
        HttpServer control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        control.createContext("/counts", exchange -> answer(exchange, countsOf(sandbox.requestCounts())));
        control.createContext("/reset", exchange -> {
            sandbox.requestCounts().reset();
            answer(exchange, "ok");
        });
        control.createContext("/clear", exchange -> {
            sandbox.clearBatches();
            sandbox.requestCounts().reset();
            System.gc();
            answer(exchange, "ok");
        });
        control.start();
        System.out.println("SANDBOX " + sandbox.baseUrl() + " CONTROL http://127.0.0.1:"
                           + control.getAddress().getPort());
        System.out.flush();
        CountDownLatch stdinClosed = new CountDownLatch(1);
        // the parent closes our stdin (or dies) to stop us
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    continue;
                }
            } catch (IOException e) {
                // treated as closed
            }
            stdinClosed.countDown();
        }, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
        stdinClosed.await();
        control.stop(0);
        sandbox.close();
    }

    private static String countsOf(RequestCounts counts) {
        return counts.submit() + " " + counts.status() + " " + counts.output();
    }

    private static void answer(HttpExchange exchange, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
