package io.finbridge.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.component.servlet.CamelHttpTransportServlet;
import org.apache.camel.support.service.ServiceSupport;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Jetty 12 server on one port for everything Finbridge serves: the REST API ({@code /api}, operator login) and
 * webhooks ({@code /webhooks}, signatures) through Camel's servlet, {@code /health}, {@code /metrics}, the finance
 * operators' review page at {@code /review/} (operator login) and the Hawtio console at {@code /hawtio} (operator
 * login).
 *
 * <p>On stop it closes the port first and lets requests in flight finish within the grace period, so a webhook is
 * either acknowledged after it was stored or not acknowledged at all.
 */
public final class HttpServer extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final CamelContext camel;
    private final String host;
    private final int requestedPort;
    private final int maxThreads;
    private final Duration grace;
    private final OperatorLogin login;
    private final PrometheusMeterRegistry metrics;
    private final Path workDir;
    private final boolean consoleEnabled;
    private final String servletName;
    private final List<Consumer<ServletContextHandler>> customizers = new ArrayList<>();
    private Server server;
    private int port;

    /**
     * @param servletName the Camel servlet's name, unique in the JVM (Camel registers servlets by name globally), and
     *                    the one the REST configuration points its endpoints at
     */
    public HttpServer(CamelContext camel, String servletName, String host, int port, int maxThreads, Duration grace,
                      OperatorLogin login, PrometheusMeterRegistry metrics, Path workDir, boolean consoleEnabled) {
        this.camel = camel;
        this.servletName = servletName;
        this.host = host;
        this.requestedPort = port;
        this.maxThreads = maxThreads;
        this.grace = grace;
        this.login = login;
        this.metrics = metrics;
        this.workDir = workDir;
        this.consoleEnabled = consoleEnabled;
    }

    /** Lets a capability add its filters or servlets to the root context (e.g. the webhook body limit). */
    public HttpServer customize(Consumer<ServletContextHandler> customizer) {
        customizers.add(customizer);
        return this;
    }

    @Override
    protected void doStart() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(maxThreads, Math.min(8, maxThreads));
        threads.setName("finbridge-http");
        server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(requestedPort);
        server.addConnector(connector);

        ServletContextHandler root = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        root.setContextPath("/");
        ServletHolder camelServlet = new ServletHolder(servletName, new CamelHttpTransportServlet());
        camelServlet.setInitOrder(1);
        // mapped at /* so that REST paths are the full URL paths (/api/..., /webhooks/...)
        root.addServlet(camelServlet, "/*");
        root.addServlet(new ServletHolder("health", new HealthServlet(camel)), "/health/*");
        root.addServlet(new ServletHolder("metrics", new MetricsServlet(metrics)), "/metrics");
        root.addServlet(new ServletHolder("review", new ReviewPageServlet()), "/review/*");
        root.setSecurityHandler(login.guarding("/api/*", "/review/*"));
        customizers.forEach(c -> c.accept(root));

        ContextHandlerCollection contexts = new ContextHandlerCollection();
        contexts.addHandler(root);
        if (consoleEnabled) {
            HawtioConsole.create(login, workDir).ifPresent(contexts::addHandler);
        }
        server.setHandler(new GracefulHandler(contexts));
        server.setStopTimeout(grace.toMillis());
        server.setStopAtShutdown(false);
        server.start();
        port = connector.getLocalPort();
        LOG.info("HTTP on {}:{} (API /api, webhooks /webhooks, /health, /metrics{})", host, port,
                consoleEnabled ? ", console /hawtio" : "");
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
