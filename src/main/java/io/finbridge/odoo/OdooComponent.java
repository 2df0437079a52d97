package io.finbridge.odoo;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.Endpoint;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code odoo:} component: creates {@link OdooEndpoint}s for {@code odoo:<model>} and {@code odoo:<model>/<method>},
 * and owns what they share: the default connection ({@link OdooConfiguration}), one Jetty HTTP client and authenticated
 * {@link OdooClient} per distinct connection, the external-id binder, and Odoo's reachability for the health check.
 * An endpoint may override the connection options ({@code odoo:res.partner?operation=search&url=...&database=...}), so
 * one runtime can post to several Odoo databases; endpoints with the same connection share one client. Java beans call
 * Odoo through {@link #getClient()}.
 */
@Component("odoo")
public class OdooComponent extends DefaultComponent {

    private static final Logger LOG = LoggerFactory.getLogger(OdooComponent.class);

    @Metadata(description = "The default connection configuration; every endpoint starts from a copy of it")
    private OdooConfiguration configuration = new OdooConfiguration();
    @Metadata(label = "advanced", defaultValue = "10000", description = "Milliseconds between the background checks"
            + " that Odoo answers its version call (the health check odoo, for the component's own connection)")
    private long checkInterval = 10000;

    private final ReentrantLock opening = new ReentrantLock();
    private final ExternalIdUpsert upsert = new ExternalIdUpsert();
    /** The opened clients by connection; the component's own is among them. */
    private final Map<ClientKey, Opened> clients = new ConcurrentHashMap<>();
    /** A client given by {@link #setClient}, e.g. a test double: used for the component's own connection. */
    private volatile OdooClient given;
    private OdooReachability reachability;

    /** What makes two connections share one client: where, as whom, how, and the HTTP client's settings. */
    private record ClientKey(String url, String database, String login, String apiKey, String protocol,
            long connectTimeout, long requestTimeout, int poolSize) {
        static ClientKey of(OdooConfiguration c) {
            return new ClientKey(strip(c.getUrl()).replaceAll("/+$", ""), strip(c.getDatabase()), strip(c.getLogin()),
                    c.getApiKey() == null ? "" : c.getApiKey(), strip(c.getProtocol()).toLowerCase(java.util.Locale.ROOT),
                    c.getConnectTimeout(), c.getRequestTimeout(), c.getPoolSize());
        }

        private static String strip(String s) {
            return s == null ? "" : s.strip();
        }
    }

    private record Opened(OdooClient client, OdooHttp http) {
    }

    public OdooComponent() {
    }

    public OdooComponent(OdooConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String path = remaining == null ? "" : remaining.strip();
        int slash = path.indexOf('/');
        String model = slash < 0 ? path : path.substring(0, slash);
        String method = slash < 0 ? null : path.substring(slash + 1);
        if (model.isEmpty()) {
            throw new IllegalArgumentException("odoo: needs a model, e.g. odoo:res.partner?operation=searchRead");
        }
        OdooEndpoint endpoint = new OdooEndpoint(uri, this, model, method == null || method.isEmpty() ? null : method,
                configuration.copy());
        setProperties(endpoint, parameters); // through the generated OdooEndpointConfigurer
        endpoint.validate();
        return endpoint;
    }

    /**
     * The client for the component's own connection (metered when the registry holds a Micrometer
     * {@code metricsRegistry}); opened on first use, closed when the component stops.
     */
    public OdooClient getClient() {
        OdooClient c = given;
        return c != null ? c : clientFor(configuration);
    }

    /** Replaces the client of the component's own connection, e.g. with a test double; the component does not close it. */
    public void setClient(OdooClient client) {
        this.given = client;
    }

    /** The client for a connection: the one already open for the same connection, else a new one. */
    OdooClient clientFor(OdooConfiguration c) {
        ClientKey key = ClientKey.of(c);
        OdooClient test = given;
        if (test != null && key.equals(ClientKey.of(configuration))) {
            return test;
        }
        Opened o = clients.get(key);
        if (o != null) {
            return o.client();
        }
        opening.lock();
        try {
            return clients.computeIfAbsent(key, k -> open(c)).client();
        } finally {
            opening.unlock();
        }
    }

    ExternalIdUpsert externalIds() {
        return upsert;
    }

    private Opened open(OdooConfiguration c) {
        OdooConnection connection = c.connection();
        OdooProtocol protocol = OdooProtocol.parse(c.getProtocol());
        OdooHttp http = new OdooHttp(connection.url(), Duration.ofMillis(c.getConnectTimeout()),
                Duration.ofMillis(c.getRequestTimeout()), c.getPoolSize());
        OdooClient client = switch (protocol) {
            case JSONRPC -> new JsonRpcClient(connection, http);
            case XMLRPC -> new XmlRpcClient(connection, http);
            case JSON2 -> new Json2Client(connection, http);
            case AUTO -> new AutoProtocolClient(new JsonRpcClient(connection, http), new Json2Client(connection, http));
        };
        MeterRegistry meters = meters();
        LOG.info("Odoo at {} (database {}, login {}, protocol {}, {} connections){}", connection.url(), connection.database(),
                connection.login(), protocol.id(), c.getPoolSize(), meters == null ? "" : ", metered");
        return new Opened(meters == null ? client : new MeteredOdooClient(client, meters), http);
    }

    private MeterRegistry meters() {
        return getCamelContext() == null ? null : getCamelContext().getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
    }

    /**
     * Whether the component's own Odoo answers, checked every {@link #getCheckInterval()} ms once it is started (add it
     * to Camel as a service, so that Hawtio shows it); created on first ask, with the gauge {@code finbridge_odoo_up}.
     */
    public OdooReachability getReachability() {
        opening.lock();
        try {
            if (reachability == null) {
                MeterRegistry meters = meters();
                reachability = new OdooReachability(new OdooReadinessProbe(this::getClient, Duration.ofSeconds(5)),
                        Duration.ofMillis(checkInterval), meters == null ? new SimpleMeterRegistry() : meters,
                        Clock.systemUTC());
            }
            return reachability;
        } finally {
            opening.unlock();
        }
    }

    /** The Camel health check {@code odoo} over {@link #getReachability()}; bind it in the registry to list it. */
    public OdooHealthCheck createHealthCheck() {
        return new OdooHealthCheck(getReachability());
    }

    @Override
    protected void doStop() throws Exception {
        opening.lock();
        try {
            for (Opened o : clients.values()) {
                o.http().close();
            }
            clients.clear();
        } finally {
            opening.unlock();
        }
        super.doStop();
    }

    public OdooConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(OdooConfiguration configuration) {
        this.configuration = configuration;
    }

    public long getCheckInterval() {
        return checkInterval;
    }

    public void setCheckInterval(long checkInterval) {
        this.checkInterval = checkInterval;
    }
}
