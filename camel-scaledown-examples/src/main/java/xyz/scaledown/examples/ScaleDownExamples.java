package xyz.scaledown.examples;

import java.io.PrintStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The examples' main job: starts the three pipelines on their sample inputs, waits until every input has its result
 * (or error), prints where the results are and ends; exit code 1 when the results did not all arrive in time.
 * <pre>
 * mvn -q -pl camel-scaledown-examples -am -DskipTests package -Pdemo
 * </pre>
 */
public final class ScaleDownExamples {

    static final int OK = 0;
    static final int TIMED_OUT = 1;
    static final int BAD_ARGUMENTS = 2;

    static {
        // the job's log configuration lives in its own package, not at the class path root, where it would configure
        // the logging of any application that has this jar on its class path
        if (System.getProperty(ExamplesApplication.LOG_CONFIGURATION_PROPERTY) == null) {
            System.setProperty(ExamplesApplication.LOG_CONFIGURATION_PROPERTY, ExamplesApplication.LOG_CONFIGURATION);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ScaleDownExamples.class);

    private final ExampleSettings settings;
    private final PrintStream out;

    public ScaleDownExamples(ExampleSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        ExampleSettings settings;
        try {
            settings = ExampleSettings.fromArgs(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(ExampleSettings.usage());
            System.exit(BAD_ARGUMENTS);
            return;
        }
        int exitCode = new ScaleDownExamples(settings, System.out).run();
        if (exitCode != OK) {
            System.exit(exitCode);
        }
    }

    /** Runs the job in this JVM; returns the exit code. */
    public int run() throws Exception {
        long started = System.currentTimeMillis();
        try (ExamplesApplication application = ExamplesApplication.start(settings)) {
            ResultTally tally = application.tally();
            if (!tally.awaitAll(settings.timeout())) {
                String message = String.format("ScaleDown examples FAILED: not every input had its result after %.1f s"
                        + " (%s delivered); see the log above", settings.timeout().toMillis() / 1000.0, tally.progress());
                LOG.error(message);
                out.println(message);
                return TIMED_OUT;
            }
            long elapsed = System.currentTimeMillis() - started;
            application.stopRoutes();
            ExamplesReport.print(application, elapsed, out);
            return OK;
        }
    }
}
