package io.finbridge.ops;

import io.finbridge.config.Settings;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * The console log's format from {@code finbridge.log.format}: {@code text} (the default) or {@code json}, one JSON
 * object per line with the event's fields (log4j2.properties, log/finbridge-log.json). Log4j starts before the settings
 * are read, from the system property or FINBRIDGE_LOG_FORMAT; a format set only in a properties file takes over here.
 */
public final class LogFormat {

    public static final String SETTING = "finbridge.log.format";

    private LogFormat() {
    }

    /** What log4j2.properties picked at start: the system property, else FINBRIDGE_LOG_FORMAT, else text. */
    private static String active() {
        String sys = System.getProperty(SETTING);
        String env = System.getenv(Settings.envName(SETTING));
        return (sys != null ? sys : env != null ? env : "text").strip(); // as written: log4j2.properties takes it so
    }

    /** Switches Log4j to the format the settings name; refuses an unknown one, naming the setting. */
    public static void apply(Settings settings) {
        String format = settings.get(SETTING, "text").strip().toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException(SETTING + " (" + Settings.envName(SETTING) + ") is '" + format
                    + "'; it must be text or json");
        }
        if (format.equals(active())) {
            return; // nothing to change: appenders added by others (tests, JMX) stay
        }
        System.setProperty(SETTING, format);
        if (LogManager.getContext(false) instanceof LoggerContext log4j) {
            log4j.reconfigure();
        }
    }
}
