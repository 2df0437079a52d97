package io.finbridge.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import jakarta.servlet.DispatcherType;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.http.HttpCookie;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hawtio 4 console (hawtio-war, with Jolokia inside) served at {@code /hawtio} by the same Jetty. The
 * {@link OperatorGate} is its first filter: only the page, its static files and its login endpoints are public
 * ({@link AccessPolicy#console()}); everything that reads or changes the runtime needs the operator login, HTTP Basic
 * for scripts or the session of Hawtio's login page (a JAAS realm holding the same login). Its session cookie is
 * {@code HttpOnly}, {@code SameSite=Strict} and {@code Secure} on TLS; Jolokia answers CORS for the console's own
 * origins only, and the gate refuses other origins before Jolokia sees them.
 */
final class HawtioConsole {

    static final String CONTEXT_PATH = "/hawtio";
    private static final String WAR_RESOURCE = "console/hawtio.war";
    private static final Logger LOG = LoggerFactory.getLogger(HawtioConsole.class);

    private HawtioConsole() {
    }

    static Optional<WebAppContext> create(OperatorLogin login, Path workDir, OperatorGate gate, AllowedOrigins origins, int port) {
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
        // failed logins are throttled per address by the gate; Hawtio's own throttle counts per user name, so anyone
        // could lock the operator out (backing off up to 24 h), and it remembers every name tried
        System.setProperty("hawtio.authenticationThrottled", "false");
        System.setProperty("hawtio.offline", "true");
        System.setProperty("hawtio.disableProxy", "true");
        System.setProperty("hawtio.localAddressProbing", "false");

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(CONTEXT_PATH);
        webapp.setWar(war.get().toString());
        webapp.setTempDirectory(workDir.resolve("hawtio-work").toFile());
        webapp.setTempDirectoryPersistent(false);
        webapp.setThrowUnavailableOnStartupException(false);
        webapp.setErrorHandler(new JsonErrorHandler.Servlets());
        // before the filters of Hawtio's web.xml, which are added when the context starts
        webapp.addFilter(new FilterHolder(gate), "/*", EnumSet.of(DispatcherType.REQUEST));
        webapp.getSessionHandler().setHttpOnly(true);
        webapp.getSessionHandler().setSameSite(HttpCookie.SameSite.STRICT);
        webapp.getSessionHandler().setSecureRequestOnly(true);
        webapp.setInitParameter("policyLocation", jolokiaPolicy(workDir, origins, port).toUri().toString());
        return Optional.of(webapp);
    }

    /**
     * Jolokia's access policy: CORS headers only for the console's own origins (and the configured ones), never for
     * whatever {@code Origin} a caller sends. Same-origin requests need no CORS header at all; {@code strict-checking}
     * is left to the gate, which refuses foreign origins and still lets scripts without {@code Origin} through.
     */
    static Path jolokiaPolicy(Path workDir, AllowedOrigins origins, int port) {
        Set<String> allowed = new TreeSet<>(origins.configured());
        allowed.add("http://localhost:" + port);
        allowed.add("http://127.0.0.1:" + port);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- written by Finbridge at start -->\n<restrict>\n  <cors>\n");
        for (String origin : allowed) {
            xml.append("    <allow-origin>").append(origin.replace("&", "&amp;").replace("<", "&lt;")).append("</allow-origin>\n");
        }
        xml.append("  </cors>\n</restrict>\n");
        try {
            Files.createDirectories(workDir);
            Path policy = workDir.resolve("jolokia-access.xml");
            Files.writeString(policy, xml, StandardCharsets.UTF_8);
            return policy;
        } catch (IOException ex) {
            throw new IllegalStateException("Cannot write the console's Jolokia policy to " + workDir + ": " + ex.getMessage(), ex);
        }
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
