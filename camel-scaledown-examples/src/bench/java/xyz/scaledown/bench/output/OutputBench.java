package xyz.scaledown.bench.output;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import xyz.scaledown.bench.Blackhole;
import xyz.scaledown.bench.baseline.RawBatchClient;
import xyz.scaledown.bench.data.BatchRange;
import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.tracking.InMemoryBatchTracker;
import xyz.scaledown.camel.tracking.TrackedBatch;
import xyz.scaledown.sandbox.SandboxConfig;
import xyz.scaledown.sandbox.ScaleDownSandbox;

/**
 * The results consumer's cost per result item: {@code scaledown:results} → choice by model → no-op sinks, over
 * batches submitted once to an in-process sandbox and read again each round. The figure is results per CPU second of
 * the consumer's thread from the first result to the last (status calls, output reading, parsing, routing), which
 * stays comparable on a machine shared with other work. Round 1 in a fresh JVM is the cold figure, the best of the
 * later rounds the warm one.
 * Run: {@code java -cp ... xyz.scaledown.bench.output.OutputBench <items> <batch items> <rounds>}.
 */
public final class OutputBench {

    private static final String API_KEY = "sk-bench-output";

    private OutputBench() {
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int batchItems = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        try (ScaleDownSandbox sandbox = ScaleDownSandbox.start(SandboxConfig.builder().port(0).apiKey(API_KEY)
                .completeImmediately().build())) {
            List<BatchRange> ranges = BatchRange.split(items, batchItems);
            List<String> batchIds = submit(sandbox.baseUrl(), ranges);
            InMemoryBatchTracker tracker = new InMemoryBatchTracker();
            Sinks sinks = new Sinks(items);
            try (CamelContext context = context(sandbox.baseUrl(), tracker, sinks)) {
                context.start();
                double cold = 0;
                double warm = 0;
                for (int round = 1; round <= rounds; round++) {
                    sinks.reset();
                    for (int i = 0; i < ranges.size(); i++) {
                        tracker.track(TrackedBatch.submitted(batchIds.get(i), ranges.get(i).size(), null),
                                ranges.get(i).customIds(), Map.of());
                    }
                    long start = System.nanoTime();
                    context.getRouteController().startRoute("results");
                    sinks.await();
                    double wall = items / ((System.nanoTime() - start) / 1e9);
                    while (!tracker.pending().isEmpty()) {
                        Thread.sleep(5); // the last batch is forgotten just after its last result
                    }
                    context.getRouteController().stopRoute("results");
                    double cpuRate = (items - 1) / (sinks.cpuNanos() / 1e9);
                    System.out.printf("round %d: %,.0f results/s wall, %,.0f results per CPU second of the consumer"
                                      + " thread%n", round, wall, cpuRate);
                    if (round == 1) {
                        cold = cpuRate;
                    } else {
                        warm = Math.max(warm, cpuRate);
                    }
                }
                System.out.printf("RESULT items=%d batchItems=%d cold=%,.0f warm=%,.0f results per CPU second%n",
                        items, batchItems, cold, warm);
            }
        }
    }

    private static List<String> submit(String baseUrl, List<BatchRange> ranges) throws Exception {
        RawBatchClient client = new RawBatchClient(baseUrl, API_KEY);
        List<String> batchIds = new ArrayList<>();
        for (BatchRange range : ranges) {
            String batchId = client.submit(range);
            while (!client.status(batchId).equals("completed")) {
                Thread.sleep(20);
            }
            batchIds.add(batchId);
        }
        return batchIds;
    }

    private static CamelContext context(String baseUrl, InMemoryBatchTracker tracker, Sinks sinks) throws Exception {
        CamelContext context = new DefaultCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        component.getConfiguration().setBaseUrl(baseUrl);
        component.getConfiguration().setApiKey(API_KEY);
        context.addComponent("scaledown", component);
        context.getRegistry().bind("tracker", tracker);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("scaledown:results?tracker=#tracker&initialDelay=0&delay=50").routeId("results")
                        .autoStartup(false)
                        .choice()
                            .when(header(ScaleDownConstants.MODEL).isEqualTo("summarize")).process(sinks.sink())
                            .when(header(ScaleDownConstants.MODEL).isEqualTo("extract")).process(sinks.sink())
                            .when(header(ScaleDownConstants.MODEL).isEqualTo("classify")).process(sinks.sink())
                            .otherwise().process(sinks.sink())
                        .end();
            }
        });
        return context;
    }

    /** The no-op sinks: count the results and take the consumer thread's CPU time at the first and the last. */
    private static final class Sinks {
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final long expected;
        private final Blackhole blackhole = new Blackhole();
        private long received;
        private long cpuAtFirst;
        private long cpuAtLast;
        private volatile CountDownLatch done;

        Sinks(long expected) {
            this.expected = expected;
        }

        void reset() {
            received = 0;
            done = new CountDownLatch(1);
        }

        /** Called on the consumer's single thread only. */
        Processor sink() {
            return this::arrived;
        }

        private void arrived(Exchange exchange) {
            blackhole.consume(exchange.getIn().getBody());
            received++;
            if (received == 1) {
                cpuAtFirst = threads.getCurrentThreadCpuTime();
            } else if (received == expected) {
                cpuAtLast = threads.getCurrentThreadCpuTime();
                done.countDown();
            }
        }

        void await() throws InterruptedException {
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("only " + received + " of " + expected + " results arrived");
            }
        }

        long cpuNanos() {
            return cpuAtLast - cpuAtFirst;
        }
    }
}
