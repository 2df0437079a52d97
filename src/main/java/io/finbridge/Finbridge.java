package io.finbridge;

import io.finbridge.config.ConfigurationException;
import io.finbridge.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar finbridge.jar}: resolves settings, starts the runtime, runs until stopped. */
public final class Finbridge {

    private static final Logger LOG = LoggerFactory.getLogger(Finbridge.class);

    private Finbridge() {
    }

    public static void main(String[] args) {
        try {
            io.finbridge.ops.JvmMemory.describe(LOG);
            new FinbridgeRuntime(Settings.load()).run();
        } catch (ConfigurationException ex) {
            LOG.error("Finbridge cannot start: {}", ex.getMessage());
            System.exit(2);
        } catch (Exception ex) {
            LOG.error("Finbridge cannot start: {}", StartupFailure.explain(ex));
            System.exit(1);
        }
    }

    public static String version() {
        String v = Finbridge.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
