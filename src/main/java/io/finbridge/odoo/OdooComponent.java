package io.finbridge.odoo;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
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
 * and owns what they share: the connection settings, one Jetty HTTP client, the authenticated {@link OdooClient} and
 * the external-id binder. Java beans call Odoo through {@link #getClient()}.
 */
@Component("odoo")
public class OdooComponent extends DefaultComponent {

    private static final Logger LOG = LoggerFactory.getLogger(OdooComponent.class);

    @Metadata(description = "The shared connection configuration")
    private OdooConfiguration configuration = new OdooConfiguration();

    private final ReentrantLock opening = new ReentrantLock();
    private final ExternalIdUpsert upsert = new ExternalIdUpsert();
    private volatile OdooClient client;
    private OdooHttp http;

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
        OdooEndpoint endpoint = new OdooEndpoint(uri, this, model, method == null || method.isEmpty() ? null : method);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }

    /**
     * The client every endpoint of this component calls Odoo through (metered when the registry holds a Micrometer
     * {@code metricsRegistry}); opened on first use, closed when the component stops.
     */
    public OdooClient getClient() {
        OdooClient c = client;
        if (c != null) {
            return c;
        }
        opening.lock();
        try {
            if (client == null) {
                client = open();
            }
            return client;
        } finally {
            opening.unlock();
        }
    }

    /** Replaces the client, e.g. with a test double; the component does not close a client it was given. */
    public void setClient(OdooClient client) {
        this.client = client;
    }

    ExternalIdUpsert externalIds() {
        return upsert;
    }

    private OdooClient open() {
        OdooConnection connection = configuration.connection();
        OdooProtocol protocol = OdooProtocol.parse(configuration.getProtocol());
        http = new OdooHttp(connection.url(), Duration.ofMillis(configuration.getConnectTimeout()),
                Duration.ofMillis(configuration.getRequestTimeout()), configuration.getPoolSize());
        OdooClient c = switch (protocol) {
            case JSONRPC -> new JsonRpcClient(connection, http);
            case XMLRPC -> new XmlRpcClient(connection, http);
            case JSON2 -> new Json2Client(connection, http);
            case AUTO -> new AutoProtocolClient(new JsonRpcClient(connection, http), new Json2Client(connection, http));
        };
        MeterRegistry meters = getCamelContext() == null ? null : getCamelContext().getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        LOG.info("Odoo at {} (database {}, login {}, protocol {}, {} connections){}", connection.url(), connection.database(),
                connection.login(), protocol.id(), configuration.getPoolSize(), meters == null ? "" : ", metered");
        return meters == null ? c : new MeteredOdooClient(c, meters);
    }

    @Override
    protected void doStop() throws Exception {
        opening.lock();
        try {
            if (http != null) {
                http.close();
                http = null;
                client = null;
            }
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
}
