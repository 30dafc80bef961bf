package xyz.scaledown.reliability;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.service.ServiceHelper;

import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.camel.ScaleDownConfiguration;
import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.tracking.BatchTracker;
import xyz.scaledown.camel.tracking.FileBatchTracker;
import xyz.scaledown.camel.tracking.SubmitIntent;
import xyz.scaledown.camel.tracking.SubmitIntents;
import xyz.scaledown.camel.tracking.TrackedBatch;
import xyz.scaledown.camel.tracking.jdbc.JdbcBatchTracker;
import xyz.scaledown.camel.tracking.jdbc.TestDatabases;

/**
 * The process {@link FollowUpRestartTest} kills. Arguments: {@code <phase> <baseUrl> <store> <where> <workDir>
 * <items>}, where store is {@code directory} (where: the tracker directory) or {@code postgres} (where: the JDBC URL).
 * <p>
 * Phase {@code first} submits three batches with {@code scaledown:submit}, their custom_ids starting with the name of
 * a point, and reads them back with {@code scaledown:results?maxAttempts=2&parallelBatches=3}; the sandbox expires
 * each with half its items answered. When the results consumer comes to the follow-up of a batch's other half, the
 * thread handing it over stops dead at the batch's point and prints {@code AT <point>}: {@code before-post} (about to
 * record the follow-up's intent), {@code in-post} (intent recorded, POST under way: it first prints
 * {@code POSTING} and waits for a line on stdin, so the test can make the sandbox hold the POST; should the POST be
 * answered before the kill all the same, its answer is never recorded), {@code after-post}
 * (the POST answered, printed as {@code SUBMITTED <batch id>}, the follow-up not tracked). Phase {@code second} runs
 * the same results route on the same store, without stops.
 * <p>
 * Each routed item is appended to {@code delivered.log} as {@code customId attempt batchId errorCode batchIndex
 * batchSize batchComplete} (the last three Camel's batch properties); every 100 ms the
 * process prints {@code PENDING <batches in the store>}.
 */
public final class FollowUpRestartChild {

    static final String API_KEY = "fake.key.follow-up-restart.51c0";
    static final String BEFORE_POST = "before-post";
    static final String IN_POST = "in-post";
    static final String AFTER_POST = "after-post";
    static final long LEASE_MILLIS = 1_000;

    private FollowUpRestartChild() {
    }

    public static void main(String[] args) throws Exception {
        boolean first = "first".equals(args[0]);
        String baseUrl = args[1];
        boolean directory = "directory".equals(args[2]);
        String where = args[3];
        Path delivered = Path.of(args[4]).resolve("delivered.log");
        int items = Integer.parseInt(args[5]);

        CamelContext context = new DefaultCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        ScaleDownConfiguration configuration = component.getConfiguration();
        configuration.setBaseUrl(baseUrl);
        configuration.setApiKey(API_KEY);
        configuration.setRetryInitialDelay(10);
        configuration.setRetryMaxDelay(50);
        configuration.setLeaseDuration(LEASE_MILLIS);
        DataSource dataSource = directory ? null : TestDatabases.pool(where, TestDatabases.POSTGRES_USER);
        BatchTracker store;
        if (first) {
            BatchTracker real = directory ? new FileBatchTracker(Path.of(where))
                    : new JdbcBatchTracker(dataSource, true, LEASE_MILLIS);
            ServiceHelper.startService(real);
            store = stopping(real);
            configuration.setTracker(store);
        } else if (directory) {
            configuration.setTrackerDirectory(where);
            store = null;
        } else {
            configuration.setTrackerDataSource(dataSource);
            store = null;
        }
        context.addComponent("scaledown", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit");
                from("scaledown:results?maxAttempts=2&parallelBatches=3&delay=20&initialDelay=0").routeId("results")
                        .process(exchange -> {
                            var message = exchange.getMessage();
                            String line = message.getHeader(ScaleDownConstants.CUSTOM_ID) + " "
                                          + message.getHeader(ScaleDownConstants.ATTEMPT) + " "
                                          + message.getHeader(ScaleDownConstants.BATCH_ID) + " "
                                          + message.getHeader(ScaleDownConstants.ERROR_CODE) + " "
                                          + exchange.getProperty(Exchange.BATCH_INDEX) + " "
                                          + exchange.getProperty(Exchange.BATCH_SIZE) + " "
                                          + exchange.getProperty(Exchange.BATCH_COMPLETE) + "\n";
                            Files.writeString(delivered, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                                    StandardOpenOption.APPEND);
                        });
                from("timer:pending?period=100").process(exchange -> System.out.println("PENDING "
                        + ((xyz.scaledown.camel.ScaleDownEndpoint) context.getRoute("results").getEndpoint())
                                .getTracker().pending().size()));
            }
        });
        context.start();
        System.out.println("STARTED " + args[0]);
        if (first) {
            for (String point : List.of(BEFORE_POST, IN_POST, AFTER_POST)) {
                List<SummarizeItem> batch = IntStream.range(0, items).mapToObj(i -> SummarizeItem.of(
                        point + "-" + i, "Text number " + i + " of " + point + ". It is short.")).toList();
                context.createProducerTemplate().sendBody("direct:submit", batch);
            }
            System.out.println("SENT " + items * 3);
        }
        Thread.currentThread().join();
    }

    /**
     * The tracker, stopping dead when it comes to a follow-up's intent or tracking, at the point its items' custom_ids
     * start with.
     */
    private static BatchTracker stopping(BatchTracker real) {
        Set<String> inPostKeys = ConcurrentHashMap.newKeySet();
        SubmitIntents intents = proxy(SubmitIntents.class, real.submitIntents(), (method, args) -> {
            if (method.getName().equals("recordSubmitted") && inPostKeys.contains((String) args[0])) {
                // the POST answered before the kill (a slow machine): its answer is still never written down
                Thread.sleep(Long.MAX_VALUE);
            }
            if (method.getName().equals("record") && isFollowUp(((SubmitIntent) args[0]).key())) {
                String point = pointOf((List<?>) args[1]);
                if (BEFORE_POST.equals(point)) {
                    stopHere(BEFORE_POST);
                } else if (IN_POST.equals(point)) {
                    inPostKeys.add(((SubmitIntent) args[0]).key());
                    System.out.println("POSTING");
                    System.out.flush();
                    // the test makes the sandbox hold the POST, then lets it go
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                    new Thread(() -> {
                        try {
                            Thread.sleep(300);
                            stopHere(IN_POST);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }).start();
                }
            }
        });
        return proxy(BatchTracker.class, real, (method, args) -> {
            if (method.getName().equals("trackSubmitted") && isFollowUp((String) args[0])
                && AFTER_POST.equals(pointOf((List<?>) args[2]))) {
                System.out.println("SUBMITTED " + ((TrackedBatch) args[1]).batchId());
                stopHere(AFTER_POST);
            }
        }, intents);
    }

    private static String pointOf(List<?> customIds) {
        String customId = (String) customIds.get(0);
        return customId.substring(0, customId.lastIndexOf('-'));
    }

    private static boolean isFollowUp(String submitKey) {
        return submitKey.startsWith("follow-up:");
    }

    interface Hook {
        void before(Method method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, T real, Hook hook) {
        return proxy(type, real, hook, null);
    }

    /** {@code real} with {@code hook} run before each call; {@code submitIntents()} answers {@code intents} if set. */
    private static <T> T proxy(Class<T> type, T real, Hook hook, SubmitIntents intents) {
        InvocationHandler handler = (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> self == args[0];
                    case "hashCode" -> System.identityHashCode(self);
                    default -> "stopping " + real;
                };
            }
            if (intents != null && method.getName().equals("submitIntents")) {
                return intents;
            }
            hook.before(method, args);
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(FollowUpRestartChild.class.getClassLoader(), new Class<?>[] { type },
                handler));
    }

    /** Prints the marker the parent waits for, then blocks the calling thread until the process is killed. */
    private static void stopHere(String point) throws InterruptedException {
        System.out.println("AT " + point);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
