package xyz.scaledown.camel.consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ContextServicePlugin;

/**
 * Lets a transaction that a results route runs in write the items' delivered marks ({@link SpringTransactedMarks}),
 * when spring-tx and spring-jdbc are on the class path; without them nothing changes and the consumer marks each item
 * after its exchange. Loaded with every Camel context ({@code META-INF/services}), before its routes are made, so every
 * route's transaction blocks are wrapped as they are made: the transaction may start in a route the results route
 * calls.
 */
public final class TransactedMarkPlugin implements ContextServicePlugin {

    private static final String[] SPRING_CLASSES = {
            "org.springframework.transaction.support.TransactionSynchronizationManager",
            "org.springframework.jdbc.datasource.DataSourceUtils" };

    @Override
    public void load(CamelContext context) {
        install(context);
    }

    /** Adds the interceptor to the context once, if Spring's transactions are available. */
    public static synchronized void install(CamelContext context) {
        if (context == null || context.getCamelContextExtension().getInterceptStrategies().stream()
                .anyMatch(SpringTransactedMarks.class::isInstance)) {
            return;
        }
        for (String name : SPRING_CLASSES) {
            if (context.getClassResolver().resolveClass(name) == null) {
                return;
            }
        }
        context.getCamelContextExtension().addInterceptStrategy(new SpringTransactedMarks());
    }
}
