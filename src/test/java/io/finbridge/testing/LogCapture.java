package io.finbridge.testing;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** Everything logged through Log4j while it is attached, at every level, for tests that grep the output. */
public final class LogCapture implements AutoCloseable {

    private final StringWriter out = new StringWriter();
    private final WriterAppender appender;
    private final Level previous;

    public LogCapture() {
        this(PatternLayout.newBuilder().withPattern("%level %c - %msg %throwable%n").build());
    }

    /** Captures in the given layout, e.g. the one a configured appender uses. */
    public LogCapture(org.apache.logging.log4j.core.Layout<? extends java.io.Serializable> layout) {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        appender = WriterAppender.newBuilder().setName("capture-" + System.nanoTime()).setTarget(out)
                .setLayout(layout).build();
        appender.start();
        config.addAppender(appender);
        previous = config.getRootLogger().getLevel();
        config.getRootLogger().addAppender(appender, Level.ALL, null);
        config.getRootLogger().setLevel(Level.DEBUG);
        config.getLoggers().values().forEach(l -> l.addAppender(appender, Level.ALL, null));
        ctx.updateLoggers();
    }

    public String text() {
        synchronized (out) {
            return out.toString();
        }
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        config.getRootLogger().removeAppender(appender.getName());
        config.getLoggers().values().forEach(l -> l.removeAppender(appender.getName()));
        config.getRootLogger().setLevel(previous);
        ctx.updateLoggers();
        appender.stop();
    }
}
