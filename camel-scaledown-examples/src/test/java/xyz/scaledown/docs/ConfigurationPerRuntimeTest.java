package xyz.scaledown.docs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;

import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.camel.ScaleDownException;
import xyz.scaledown.camel.model.BatchSubmission;
import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.sandbox.SandboxConfig;
import xyz.scaledown.sandbox.ScaleDownSandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The reference's properties blocks, one per runtime, as written: the key comes from {@code SCALEDOWN_API_KEY} in the
 * environment (set by the surefire execution that runs this test) and reaches the sandbox, which takes only that key.
 * The only property added is the sandbox's base URL.
 */
class ConfigurationPerRuntimeTest {

    private static final String BASE_URL = "camel.component.scaledown.base-url";

    private String keyFromTheEnvironment;

    @BeforeEach
    void environment() {
        DocsRun.inDocsWorkingDirectory();
        keyFromTheEnvironment = System.getenv("SCALEDOWN_API_KEY");
        assumeTrue(keyFromTheEnvironment != null, "SCALEDOWN_API_KEY is set by the docs execution");
    }

    @Test
    void theCamelMainBlockReachesTheApiWithTheKeyFromTheEnvironment() throws Exception {
        try (ScaleDownSandbox sandbox = sandboxTakingOnly(keyFromTheEnvironment)) {
            Main main = camelMain("classpath:docs/camel-main.properties", new Properties(), sandbox);
            try {
                assertNotNull(submit(main).batchId());
                ScaleDownComponent component = main.getCamelContext().getComponent("scaledown", ScaleDownComponent.class);
                assertEquals(2000, component.getConfiguration().getRetryInitialDelay(), "2s");
                assertEquals(3, component.getHealthCheckFailureThreshold());
            } finally {
                main.stop();
            }
        }
    }

    /** Why the blocks differ: Camel Main takes {@code ${SCALEDOWN_API_KEY}} literally, and the API refuses it. */
    @Test
    void theSpringBootBlockUnderCamelMainSendsTheLiteralPlaceholderAndIsRefused() throws Exception {
        try (ScaleDownSandbox sandbox = sandboxTakingOnly(keyFromTheEnvironment)) {
            Main main = camelMain("classpath:docs/spring-boot.properties", new Properties(), sandbox);
            try {
                CamelExecutionException refused = assertThrows(CamelExecutionException.class, () -> submit(main));
                assertEquals(401, ((ScaleDownException) refused.getCause()).getStatusCode());
            } finally {
                main.stop();
            }
        }
    }

    /**
     * The Spring Boot block, its placeholders resolved the way Spring resolves them (from the environment), configures
     * the component and reaches the API with the key from the environment. (Spring Boot itself is not started here.)
     */
    @Test
    void theSpringBootBlockResolvedBySpringReachesTheApiWithTheKeyFromTheEnvironment() throws Exception {
        Properties block = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("docs/spring-boot.properties")) {
            block.load(in);
        }
        StandardEnvironment spring = new StandardEnvironment();
        Properties resolved = new Properties();
        block.stringPropertyNames().stream().filter(name -> name.startsWith("camel."))
                .forEach(name -> resolved.setProperty(name, spring.resolveRequiredPlaceholders(block.getProperty(name))));
        assertEquals(keyFromTheEnvironment, resolved.getProperty("camel.component.scaledown.api-key"));
        try (ScaleDownSandbox sandbox = sandboxTakingOnly(keyFromTheEnvironment)) {
            Main main = camelMain(null, resolved, sandbox);
            try {
                assertNotNull(submit(main).batchId());
            } finally {
                main.stop();
            }
        }
    }

    private static ScaleDownSandbox sandboxTakingOnly(String key) {
        return ScaleDownSandbox.start(SandboxConfig.builder().port(0).apiKey(key).completeImmediately().build());
    }

    private static Main camelMain(String location, Properties overrides, ScaleDownSandbox sandbox) throws Exception {
        Main main = new Main();
        if (location != null) {
            main.setPropertyPlaceholderLocations(location);
        }
        overrides.stringPropertyNames().forEach(name -> main.addOverrideProperty(name, overrides.getProperty(name)));
        main.addOverrideProperty(BASE_URL, sandbox.baseUrl());
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit");
            }
        });
        main.start();
        return main;
    }

    private static BatchSubmission submit(Main main) throws IOException {
        return main.getCamelContext().createProducerTemplate().requestBody("direct:submit",
                SummarizeItem.of("one", "A short text to summarize."), BatchSubmission.class);
    }
}
