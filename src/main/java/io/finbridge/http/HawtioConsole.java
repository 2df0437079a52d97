package io.finbridge.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hawtio 4 console (hawtio-war, with Jolokia inside) served at {@code /hawtio} by the same Jetty. Hawtio's own
 * login is switched off because the servlet security handler in front of it asks for the operator login on every
 * path, Jolokia included.
 */
final class HawtioConsole {

    static final String CONTEXT_PATH = "/hawtio";
    private static final String WAR_RESOURCE = "console/hawtio.war";
    private static final Logger LOG = LoggerFactory.getLogger(HawtioConsole.class);

    private HawtioConsole() {
    }

    static Optional<WebAppContext> create(OperatorLogin login, Path workDir) {
        Optional<Path> war = unpackWar(workDir);
        if (war.isEmpty()) {
            LOG.warn("Console not in this build ({} missing); /hawtio is off", WAR_RESOURCE);
            return Optional.empty();
        }
        // Hawtio reads these as system properties. The security handler below does the authentication.
        System.setProperty("hawtio.authenticationEnabled", "false");
        System.setProperty("hawtio.offline", "true");
        System.setProperty("hawtio.disableProxy", "true");
        System.setProperty("hawtio.localAddressProbing", "false");

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(CONTEXT_PATH);
        webapp.setWar(war.get().toString());
        webapp.setTempDirectory(workDir.resolve("hawtio-work").toFile());
        webapp.setTempDirectoryPersistent(false);
        webapp.setThrowUnavailableOnStartupException(false);
        webapp.setSecurityHandler(login.guarding("/*"));
        return Optional.of(webapp);
    }

    private static Optional<Path> unpackWar(Path workDir) {
        try (InputStream in = HawtioConsole.class.getClassLoader().getResourceAsStream(WAR_RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            Files.createDirectories(workDir);
            Path target = workDir.resolve("hawtio.war");
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(target);
        } catch (IOException ex) {
            throw new IllegalStateException("Cannot unpack the console to " + workDir + ": " + ex.getMessage(), ex);
        }
    }
}
