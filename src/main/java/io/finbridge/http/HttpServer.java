package io.finbridge.http;

import io.finbridge.config.Settings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.component.servlet.CamelHttpTransportServlet;
import org.apache.camel.support.service.ServiceSupport;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Jetty 12 server on one port for everything Finbridge serves: the REST API ({@code /api}) and webhooks
 * ({@code /webhooks}) through Camel's servlet, {@code /health}, {@code /metrics}, the finance operators' review page
 * ({@code /review/}) and the Hawtio console ({@code /hawtio}).
 *
 * <p>Every request passes, in this order: {@link PathGuard} (a path not in canonical form gets 400), {@link EagerBody}
 * (its body, if any, is read in full without holding a thread), then in each context the {@link OperatorGate}
 * (deny by default: only the paths its {@link AccessPolicy} lists are public, the rest need the operator login).
 * Errors are answered as JSON without internals ({@link JsonErrorHandler}). Against slow or too many clients: a
 * connection limit, an idle timeout, a header timeout ({@link HeaderDeadline}), a body timeout, and a worker pool of
 * platform threads, or virtual threads on Java 21+ (docs/security.md).
 *
 * <p>On stop it closes the port first and lets requests in flight finish within the grace period, so a webhook is
 * either acknowledged after it was stored or not acknowledged at all.
 */
public final class HttpServer extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    /** The first path segments served here, in their one spelling; their case variants are refused. */
    static final Set<String> TOP_LEVEL = Set.of("api", "webhooks", "health", "metrics", "review", "hawtio");
    /** When the connection limit is reached, idle connections are closed after this long instead of the idle timeout. */
    static final Duration IDLE_TIMEOUT_AT_LIMIT = Duration.ofSeconds(2);

    private final CamelContext camel;
    private final String servletName;
    private final OperatorLogin login;
    private final PrometheusMeterRegistry metrics;
    private final Path workDir;
    private final String host;
    private final int requestedPort;
    private final int maxThreads;
    private final boolean virtualThreads;
    private final Duration idleTimeout;
    private final Duration headerTimeout;
    private final Duration bodyTimeout;
    private final int maxConnections;
    private final boolean forwarded;
    private final Duration grace;
    private final boolean consoleEnabled;
    private final boolean metricsPublic;
    private final AllowedOrigins origins;
    private final LoginThrottle throttle;
    private final Refusals refusals;
    private final EagerBody eagerBody;
    private Server server;
    private int port;

    /**
     * @param servletName the Camel servlet's name, unique in the JVM (Camel registers servlets by name globally), and
     *                    the one the REST configuration points its endpoints at
     */
    public HttpServer(CamelContext camel, String servletName, Settings settings, OperatorLogin login,
                      PrometheusMeterRegistry metrics, Path workDir) {
        this.camel = camel;
        this.servletName = servletName;
        this.login = login;
        this.metrics = metrics;
        this.workDir = workDir;
        this.host = settings.get("finbridge.http.host", "0.0.0.0");
        this.requestedPort = settings.getInt("finbridge.http.port", 8080);
        this.maxThreads = settings.getInt("finbridge.http.max-threads", 200);
        this.virtualThreads = virtualThreads(settings.get("finbridge.http.virtual-threads", "auto"));
        this.idleTimeout = settings.getDuration("finbridge.http.idle-timeout", Duration.ofSeconds(20));
        this.headerTimeout = settings.getDuration("finbridge.http.header-timeout", Duration.ofSeconds(10));
        this.bodyTimeout = settings.getDuration("finbridge.http.body-timeout", Duration.ofSeconds(10));
        this.maxConnections = settings.getInt("finbridge.http.max-connections", 1000);
        this.forwarded = settings.getBoolean("finbridge.http.forwarded", false);
        this.grace = settings.getDuration("finbridge.http.shutdown-grace", Duration.ofSeconds(10));
        this.consoleEnabled = settings.getBoolean("finbridge.console.enabled", true);
        this.metricsPublic = settings.getBoolean("finbridge.metrics.public", true);
        this.origins = new AllowedOrigins(Arrays.asList(settings.get("finbridge.console.allowed-origins", "").split(",")));
        this.throttle = new LoginThrottle(settings.getInt("finbridge.console.max-failed-logins", 10),
                settings.getDuration("finbridge.console.failed-login-window", Duration.ofMinutes(1)), 10_000, Clock.systemUTC());
        this.refusals = new Refusals(metrics, TOP_LEVEL);
        this.eagerBody = new EagerBody(bodyTimeout, settings.getLong("finbridge.http.max-body-bytes", 1_048_576), refusals);
    }

    private static boolean virtualThreads(String setting) {
        return switch (setting.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> VirtualThreads.areSupported();
            case "true" -> {
                if (!VirtualThreads.areSupported()) {
                    throw new IllegalArgumentException("finbridge.http.virtual-threads=true needs Java 21 or later (this is "
                            + Runtime.version().feature() + "); use auto or false");
                }
                yield true;
            }
            case "false" -> false;
            default -> throw new IllegalArgumentException("finbridge.http.virtual-threads must be auto, true or false, not '" + setting + "'");
        };
    }

    /** Bodies of requests under {@code pathPrefix} may be at most {@code maxBytes} (else 413; {@link EagerBody}). */
    public HttpServer limitBodies(String pathPrefix, long maxBytes) {
        eagerBody.limit(pathPrefix, maxBytes);
        return this;
    }

    /** Where refusals are counted; refused webhooks can be sent to the webhook metrics. */
    public Refusals refusals() {
        return refusals;
    }

    @Override
    protected void doStart() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(maxThreads, Math.min(8, maxThreads));
        threads.setName("finbridge-http");
        if (virtualThreads) {
            // selectors and acceptors stay platform threads; request handling runs on virtual threads
            threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("finbridge-http-v"));
        }
        server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        if (forwarded) {
            config.addCustomizer(new ForwardedRequestCustomizer());
        }
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost(host);
        connector.setPort(requestedPort);
        connector.setIdleTimeout(idleTimeout.toMillis());
        // Connection.Listener beans of the connector hear of every connection it opens
        connector.addBean(new HeaderDeadline(connector, headerTimeout, refusals));
        server.addConnector(connector);
        NetworkConnectionLimit limit = new NetworkConnectionLimit(maxConnections, connector);
        limit.setEndPointIdleTimeout(Math.min(idleTimeout.toMillis(), IDLE_TIMEOUT_AT_LIMIT.toMillis()));
        server.addBean(limit);
        // bound now so the console's origin (its port) is known before the console is configured
        connector.open();
        port = connector.getLocalPort();

        ServletContextHandler root = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        root.setContextPath("/");
        root.setErrorHandler(new JsonErrorHandler.Servlets());
        root.addFilter(new FilterHolder(new OperatorGate(AccessPolicy.root(metricsPublic), login, throttle, origins, refusals, false)),
                "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder camelServlet = new ServletHolder(servletName, new CamelHttpTransportServlet());
        camelServlet.setInitOrder(1);
        // mapped at /* so that REST paths are the full URL paths (/api/..., /webhooks/...)
        root.addServlet(camelServlet, "/*");
        root.addServlet(new ServletHolder("health", new HealthServlet(camel)), "/health/*");
        root.addServlet(new ServletHolder("metrics", new MetricsServlet(metrics)), "/metrics");
        root.addServlet(new ServletHolder("review", new ReviewPageServlet()), "/review/*");

        ContextHandlerCollection contexts = new ContextHandlerCollection();
        contexts.addHandler(root);
        if (consoleEnabled) {
            OperatorGate consoleGate = new OperatorGate(AccessPolicy.console(), login, throttle, origins, refusals, true);
            HawtioConsole.create(login, workDir, consoleGate, origins, port).ifPresent(contexts::addHandler);
        }
        eagerBody.setHandler(contexts);
        server.setHandler(new GracefulHandler(new PathGuard(new CanonicalPath(TOP_LEVEL), refusals, eagerBody)));
        server.setErrorHandler(new JsonErrorHandler(refusals));
        server.setStopTimeout(grace.toMillis());
        server.setStopAtShutdown(false);
        server.start();
        LOG.info("HTTP on {}:{} (API /api, webhooks /webhooks, /health, /metrics{}{}); {} connections at most, timeouts: idle {} s, "
                        + "headers {} s, body {} s; {} worker threads{}",
                host, port, metricsPublic ? "" : " (login)", consoleEnabled ? ", console /hawtio" : "", maxConnections,
                idleTimeout.toSeconds(), headerTimeout.toSeconds(), bodyTimeout.toSeconds(), maxThreads,
                virtualThreads ? " plus virtual threads for requests" : "");
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** The port actually bound; differs from the configured one when that was 0. */
    public int port() {
        return port;
    }
}
