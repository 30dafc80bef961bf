package xyz.scaledown.bench.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import xyz.scaledown.bench.ChildJvm;

/** A {@link BenchSandboxMain} running in a child JVM; closing it stops the child. */
public final class SandboxProcess implements AutoCloseable {

    private final Process process;
    private final String baseUrl;
    private final String controlUrl;

    private SandboxProcess(Process process, String baseUrl, String controlUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.controlUrl = controlUrl;
    }

    public static SandboxProcess start(long queuedMillis, long processingMillis, String apiKey) throws IOException {
        Process process = ChildJvm.start("8g", List.of(), BenchSandboxMain.class,
                List.of(Long.toString(queuedMillis), Long.toString(processingMillis), apiKey));
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("SANDBOX ")) {
                String[] parts = line.split(" ");
                ChildJvm.drain(out, "sandbox");
                return new SandboxProcess(process, parts[1], parts[3]);
            }
        }
        process.destroy();
        throw new IOException("the sandbox process ended before it listened");
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String controlUrl() {
        return controlUrl;
    }

    public SandboxControl control() {
        return new SandboxControl(controlUrl);
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            process.waitFor();
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
        }
    }
}
