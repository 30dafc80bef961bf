package xyz.scaledown.bench.handin;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.aggregate.MemoryAggregationRepository;
import org.apache.camel.spi.AggregationRepository;

import xyz.scaledown.bench.data.BenchItems;
import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.aggregation.FileScaleDownAggregationRepository;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;

/**
 * The aggregating side's hand-in rate: items per second sent through {@code direct -> aggregate} with
 * {@link ScaleDownBatchAggregationStrategy}, batches completed on {@code maxItems} and dropped. Bodies are plain text
 * with the model and its parameters in headers ({@code text}), or one JSON object per message ({@code json}).
 * <p>
 * Round 1 in a fresh JVM is the cold figure; the best of the later rounds is the warm one. Each is given as wall-clock
 * items/s and as items per CPU second of the sending thread (which runs the aggregator: {@code direct} is
 * synchronous), the figure that stays comparable on a machine shared with other work.
 * Run: {@code java -cp ... xyz.scaledown.bench.handin.HandInBench <text|json> <items per round> <rounds> [file]}.
 */
public final class HandInBench {

    private static final int BATCH_ITEMS = 5_000;

    private HandInBench() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "text";
        int items = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        List<Message> messages = messages(kind, items);
        // "file": a FileScaleDownAggregationRepository (durable batching); else Camel's in-memory repository
        AggregationRepository repository = args.length > 3 && args[3].equals("file")
                ? new FileScaleDownAggregationRepository(Files.createTempDirectory("handin-"))
                : new MemoryAggregationRepository();
        AtomicLong batched = new AtomicLong();
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in")
                            .aggregate(constant(true), new ScaleDownBatchAggregationStrategy().maxItems(BATCH_ITEMS))
                            .aggregationRepository(repository)
                            .completionTimeout(60_000)
                            .process(exchange -> batched.incrementAndGet());
                }
            });
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            double[] cold = new double[2];
            double[] warm = new double[2];
            for (int round = 1; round <= rounds; round++) {
                long start = System.nanoTime();
                long cpuStart = threads.getCurrentThreadCpuTime();
                for (Message message : messages) {
                    template.sendBodyAndHeaders("direct:in", message.body(), message.headers());
                }
                double rate = items / ((System.nanoTime() - start) / 1e9);
                double cpuRate = items / ((threads.getCurrentThreadCpuTime() - cpuStart) / 1e9);
                System.out.printf("round %d: %,.0f items/s wall, %,.0f items per CPU second%n", round, rate, cpuRate);
                double[] figures = round == 1 ? cold : warm;
                figures[0] = Math.max(figures[0], rate);
                figures[1] = Math.max(figures[1], cpuRate);
            }
            System.out.printf("RESULT kind=%s items=%d cold=%,.0f warm=%,.0f items/s wall; cold=%,.0f warm=%,.0f items"
                              + " per CPU second (batches completed: %d)%n",
                    kind, items, cold[0], warm[0], cold[1], warm[1], batched.get());
        }
    }

    private record Message(Object body, Map<String, Object> headers) {
    }

    private static List<Message> messages(String kind, int count) {
        List<Message> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(switch (kind) {
                case "text" -> textMessage(i);
                case "json" -> new Message(json(i), Map.of());
                default -> throw new IllegalArgumentException("kind must be text or json");
            });
        }
        return messages;
    }

    private static Message textMessage(int i) {
        String model = BenchItems.model(i);
        Map<String, Object> headers = switch (model) {
            case "extract" -> Map.of(ScaleDownConstants.MODEL, model, ScaleDownConstants.ENTITIES, BenchItems.ENTITIES);
            case "classify" -> Map.of(ScaleDownConstants.MODEL, model, ScaleDownConstants.LABELS, BenchItems.LABELS);
            default -> Map.of(ScaleDownConstants.MODEL, model, ScaleDownConstants.MAX_TOKENS, 200);
        };
        return new Message(BenchItems.text(i), headers);
    }

    private static String json(int i) {
        String model = BenchItems.model(i);
        String text = BenchItems.text(i);
        String params = switch (model) {
            case "extract" -> ",\"entities\":{\"person\":\"people\",\"company\":\"companies\"}";
            case "classify" -> ",\"labels\":[{\"name\":\"billing\",\"rubric\":\"About money?\"},"
                    + "{\"name\":\"technical\",\"rubric\":\"About a bug?\"}]";
            default -> ",\"max_tokens\":200";
        };
        return "{\"custom_id\":\"" + BenchItems.customId(i) + "\",\"model\":\"" + model + "\",\"text\":\"" + text
               + "\"" + params + "}";
    }
}
