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
 * The Hawtio 4 console (hawtio-war, with Jolokia inside) served at {@code /hawtio} by the same Jetty, with Hawtio's
 * own authentication on a JAAS realm holding the operator login: its login page for people, HTTP Basic for scripts on
 * Jolokia. Only the page's static files are public; everything that reads or changes the runtime asks for the login.
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
        // Hawtio reads these as system properties
        OperatorLoginModule.install(login);
        System.setProperty("hawtio.authenticationEnabled", "true");
        System.setProperty("hawtio.realm", OperatorLoginModule.REALM);
        System.setProperty("hawtio.roles", OperatorLogin.ROLE);
        System.setProperty("hawtio.rolePrincipalClasses", OperatorLoginModule.OperatorRole.class.getName());
        System.setProperty("hawtio.noCredentials401", "true");
        System.setProperty("hawtio.offline", "true");
        System.setProperty("hawtio.disableProxy", "true");
        System.setProperty("hawtio.localAddressProbing", "false");

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(CONTEXT_PATH);
        webapp.setWar(war.get().toString());
        webapp.setTempDirectory(workDir.resolve("hawtio-work").toFile());
        webapp.setTempDirectoryPersistent(false);
        webapp.setThrowUnavailableOnStartupException(false);
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
