package xyz.scaledown.reliability;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.camel.builder.RouteBuilder;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.reliability.CapturedLog;
import xyz.scaledown.sandbox.SandboxConfig;
import xyz.scaledown.sandbox.SandboxFaults;
import xyz.scaledown.sandbox.ScaleDownSandbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full run with retries, a failed batch, error items and a refused call, with xyz.scaledown and org.apache.camel
 * logging at TRACE and JMX on: the key shows in no log line, no stack trace and no JMX attribute or object name.
 */
class ApiKeyNeverShownTest {

    @Test
    void aKeySetOnTheComponentShowsNowhereEvenWithCamelAtTrace() throws Exception {
        List<String> leaks = leaksOfAFullRun("scaledown:status?batchId=no-such-batch", Level.TRACE);

        assertTrue(leaks.isEmpty(), "the key leaked in:\n" + String.join("\n", leaks));
    }

    /**
     * A key written into an endpoint URI is masked in JMX, in our logs and in Camel's DEBUG logs; Camel core's own
     * TRACE lines about endpoint creation print the raw URI, which is why the docs say: set the key on the component
     * or through SCALEDOWN_API_KEY, not in a URI.
     */
    @Test
    void aKeyInAnEndpointUriIsMaskedInJmxAndLogsUpToDebug() throws Exception {
        List<String> leaks = leaksOfAFullRun(
                "scaledown:status?batchId=no-such-batch&apiKey=RAW(" + SandboxPipeline.API_KEY + ")", Level.DEBUG);

        assertTrue(leaks.isEmpty(), "the key leaked in:\n" + String.join("\n", leaks));
    }

    private static List<String> leaksOfAFullRun(String statusUri, Level camelLevel) throws Exception {
        List<String> shown = new ArrayList<>();
        SandboxFaults faults = new SandboxFaults(21).serverErrorRate(0.2).tooManyRequestsRate(0.1).retryAfterSeconds(0)
                .failNextBatches(1);
        try (CapturedLog log = new CapturedLog(Map.of("xyz.scaledown", Level.TRACE, "org.apache.camel", camelLevel));
             ScaleDownSandbox sandbox = ScaleDownSandbox.start(SandboxConfig.builder().port(0)
                     .apiKey(SandboxPipeline.API_KEY).queuedMillis(20).processingMillis(40).faults(faults).build());
             // 20 submits, so some draw a fault and are retried however the status calls interleave with them
             SandboxPipeline pipeline = new SandboxPipeline(sandbox, 5, 5_000)) {
            pipeline.context().addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:status").to(statusUri);
                }
            });
            pipeline.start();

            pipeline.send("secret", 100, 9);
            pipeline.awaitAllAccountedFor(100, 30_000);
            Exception refused = pipeline.context().createProducerTemplate()
                    .request("direct:status", exchange -> { }).getException();
            shown.add(String.valueOf(refused));
            shown.addAll(jmxView(pipeline.context().getManagementName()));
            shown.add(log.all());

            assertTrue(refused.getMessage().contains("HTTP 404"), refused.getMessage());
            assertTrue(log.all().contains("retry 1/3"), "the run had retries");
            assertTrue(shown.stream().anyMatch(text -> text.contains("scaledown://status")), "JMX shows the endpoints");
        }
        return shown.stream().flatMap(String::lines).filter(line -> line.contains(SandboxPipeline.API_KEY)).toList();
    }

    /** Every Camel MBean's name and every readable attribute value. */
    private static List<String> jmxView(String managementName) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<String> view = new ArrayList<>();
        for (ObjectName name : server.queryNames(new ObjectName("org.apache.camel:context=" + managementName + ",*"), null)) {
            view.add(name.toString());
            for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                try {
                    view.add(name + " " + attribute.getName() + "=" + server.getAttribute(name, attribute.getName()));
                } catch (Exception | Error unreadable) {
                    view.add(name + " " + attribute.getName() + " unreadable");
                }
            }
        }
        return view;
    }
}
