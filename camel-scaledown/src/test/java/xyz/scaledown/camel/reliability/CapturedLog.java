package xyz.scaledown.camel.reliability;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures every log event (message and stack trace) while open: the named loggers are lowered to the given level
 * and everything reaching the root logger is kept.
 */
public final class CapturedLog implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final Appender appender = new Appender();
    private final Map<String, Level> previousLevels = new HashMap<>();
    private final List<String> addedLoggers = new ArrayList<>();

    private final class Appender extends AbstractAppender {
        Appender() {
            super("captured-log", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            StringBuilder text = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " - "
                    + event.getMessage().getFormattedMessage());
            if (event.getThrown() != null) {
                StringWriter trace = new StringWriter();
                event.getThrown().printStackTrace(new PrintWriter(trace));
                text.append('\n').append(trace);
            }
            lines.add(text.toString());
        }
    }

    /** Captures everything the named loggers (and their children) log at {@code level} and above. */
    public CapturedLog(Level level, String... loggerNames) {
        this(Arrays.stream(loggerNames).collect(Collectors.toMap(n -> n, n -> level)));
    }

    /** Captures everything each named logger logs at its level and above. */
    public CapturedLog(Map<String, Level> levels) {
        Configuration configuration = context.getConfiguration();
        appender.start();
        configuration.getRootLogger().addAppender(appender, Level.ALL, null);
        for (Map.Entry<String, Level> wanted : levels.entrySet()) {
            String name = wanted.getKey();
            Level level = wanted.getValue();
            LoggerConfig existing = configuration.getLoggers().get(name);
            if (existing != null) {
                previousLevels.put(name, existing.getLevel());
                existing.setLevel(level);
            } else {
                configuration.addLogger(name, new LoggerConfig(name, level, true));
                addedLoggers.add(name);
            }
        }
        context.updateLoggers();
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public String all() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        Configuration configuration = context.getConfiguration();
        configuration.getRootLogger().removeAppender(appender.getName());
        previousLevels.forEach((name, level) -> configuration.getLoggers().get(name).setLevel(level));
        addedLoggers.forEach(configuration::removeLogger);
        context.updateLoggers();
        appender.stop();
    }
}
