package xyz.scaledown.camel;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScaleDownComponentTest {

    private static final String SECRET = "fake.key.component-test.abcdefghij";

    private static CamelContext contextWith(Map<String, String> environment, String route) throws Exception {
        CamelContext context = new DefaultCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        component.setEnvironment(environment::get);
        context.addComponent("scaledown", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to(route);
            }
        });
        return context;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Test
    void missingKeyStopsTheContextAtStartWithAClearMessage() throws Exception {
        try (CamelContext context = contextWith(Map.of(), "scaledown:status")) {
            Exception e = assertThrows(Exception.class, context::start);
            assertEquals("ScaleDown API key is missing: set the apiKey option or the SCALEDOWN_API_KEY environment variable",
                    rootCause(e).getMessage());
        }
    }

    @Test
    void keyFromTheEnvironmentIsUsedForTheDefaultHost() throws Exception {
        try (CamelContext context = contextWith(Map.of("SCALEDOWN_API_KEY", SECRET), "scaledown:status")) {
            context.start();
            ScaleDownEndpoint endpoint = context.getEndpoint("scaledown:status", ScaleDownEndpoint.class);
            assertEquals("https://api.scaledown.xyz", endpoint.getClient().settings().baseUrl());
            assertEquals(SECRET, endpoint.getClient().settings().apiKey());
        }
    }

    @Test
    void keyFromTheEnvironmentIsNotSentToAnotherHost() throws Exception {
        try (CamelContext context = contextWith(Map.of("SCALEDOWN_API_KEY", SECRET),
                "scaledown:status?baseUrl=https://elsewhere.example.com")) {
            Exception e = assertThrows(Exception.class, context::start);
            String message = rootCause(e).getMessage();
            assertTrue(message.contains("elsewhere.example.com"), message);
            assertFalse(message.contains(SECRET));
        }
    }

    @Test
    void keyFromTheEnvironmentFollowsScaleDownApiBase() throws Exception {
        try (CamelContext context = contextWith(
                Map.of("SCALEDOWN_API_KEY", SECRET, "SCALEDOWN_API_BASE", "https://eu.scaledown.example/v1"),
                "scaledown:status")) {
            context.start();
            ScaleDownEndpoint endpoint = context.getEndpoint("scaledown:status", ScaleDownEndpoint.class);
            assertEquals("https://eu.scaledown.example", endpoint.getClient().settings().baseUrl());
        }
    }

    @Test
    void theKeyNeverShowsInEndpointDumps() throws Exception {
        try (CamelContext context = contextWith(Map.of(), "scaledown:status?apiKey=" + SECRET)) {
            context.start();
            ScaleDownEndpoint endpoint = context.getEndpoint("scaledown:status?apiKey=" + SECRET, ScaleDownEndpoint.class);
            assertFalse(endpoint.toString().contains(SECRET), endpoint.toString());
            assertFalse(context.getEndpoints().toString().contains(SECRET));
            assertFalse(endpoint.getClient().settings().toString().contains(SECRET));
            assertFalse(context.getRoutes().get(0).getEndpoint().toString().contains(SECRET));
        }
    }

    @Test
    void componentOptionsAreEveryEndpointsDefaults() throws Exception {
        try (CamelContext context = contextWith(Map.of(), "scaledown:status")) {
            ScaleDownComponent component = context.getComponent("scaledown", ScaleDownComponent.class);
            component.getConfiguration().setApiKey(SECRET);
            component.getConfiguration().setMaxRetries(7);
            ScaleDownEndpoint inherits = context.getEndpoint("scaledown:status", ScaleDownEndpoint.class);
            ScaleDownEndpoint overrides = context.getEndpoint("scaledown:output?maxRetries=1", ScaleDownEndpoint.class);
            assertEquals(7, inherits.getConfiguration().getMaxRetries());
            assertEquals(1, overrides.getConfiguration().getMaxRetries());
            assertEquals(7, component.getConfiguration().getMaxRetries());
        }
    }

    @Test
    void endpointsNamingOneTrackerDirectoryShareOneTracker() throws Exception {
        try (CamelContext context = contextWith(Map.of(), "scaledown:status")) {
            ScaleDownEndpoint a = context.getEndpoint("scaledown:submit?trackerDirectory=target/shared-tracker", ScaleDownEndpoint.class);
            ScaleDownEndpoint b = context.getEndpoint("scaledown:results?trackerDirectory=target/shared-tracker", ScaleDownEndpoint.class);
            ScaleDownEndpoint c = context.getEndpoint("scaledown:submit", ScaleDownEndpoint.class);
            assertSame(a.getTracker(), b.getTracker());
            assertFalse(a.getTracker() == c.getTracker());
        }
    }

    @Test
    void twoResultsConsumersOnOneTrackerAreRefused() throws Exception {
        try (CamelContext context = contextWith(Map.of(), "scaledown:status?apiKey=k")) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("scaledown:results?apiKey=k&delay=60000").to("log:a");
                    from("scaledown:results?apiKey=k&batchId=b-1&delay=60000").to("log:b");
                }
            });
            Exception e = assertThrows(Exception.class, context::start);
            assertTrue(rootCause(e).getMessage().contains("already watches this tracker"), rootCause(e).getMessage());
        }
    }

    @Test
    void resultsConsumersWithTrackersOfTheirOwnRunSideBySide() throws Exception {
        try (CamelContext context = contextWith(Map.of(), "scaledown:status?apiKey=k")) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("scaledown:results?apiKey=k&delay=60000&trackerDirectory=target/trackers/a").to("log:a");
                    from("scaledown:results?apiKey=k&delay=60000&trackerDirectory=target/trackers/b").to("log:b");
                }
            });
            context.start();
            assertEquals(3, context.getRoutes().size());
        }
    }

    @Test
    void unknownOperationIsRefused() throws Exception {
        try (CamelContext context = contextWith(Map.of(), "scaledown:status")) {
            Exception e = assertThrows(Exception.class, () -> context.getEndpoint("scaledown:sumbit"));
            assertTrue(rootCause(e).getMessage().contains("sumbit"));
        }
    }
}
