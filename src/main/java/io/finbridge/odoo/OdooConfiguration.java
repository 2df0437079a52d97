package io.finbridge.odoo;

import io.finbridge.config.Settings;
import java.time.Duration;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * Where and as whom to call Odoo, and how: the component's is every endpoint's default, and an endpoint may override any
 * of it in its URI (another url or database means another client, shared by the endpoints that name the same).
 */
@UriParams
public class OdooConfiguration implements Cloneable {

    @UriParam(label = "common", description = "Base URL of the Odoo server, e.g. https://erp.example.com; needed on the"
            + " component or the endpoint")
    private String url;
    @UriParam(label = "common", description = "The Odoo database name (sent as X-Odoo-Database with JSON-2)")
    private String database;
    @UriParam(label = "security", description = "Login of the integration user")
    private String login;
    @UriParam(label = "security", secret = true, description = "API key of the integration user (Odoo: Preferences,"
            + " Account Security, New API Key); never logged, masked in errors")
    private String apiKey;
    @UriParam(label = "common", defaultValue = "auto", enums = "jsonrpc,xmlrpc,json2,auto", description = "jsonrpc or xmlrpc"
            + " for Odoo 16 to 18, json2 for Odoo 19 and later; auto reads the server version once and picks json2 from 19 on")
    private String protocol = "auto";
    @UriParam(label = "advanced", defaultValue = "5000",
            description = "Milliseconds to wait for a connection to Odoo")
    private long connectTimeout = 5000;
    @UriParam(label = "advanced", defaultValue = "60000",
            description = "Milliseconds to wait for Odoo's whole answer to one call")
    private long requestTimeout = 60000;
    @UriParam(label = "advanced", defaultValue = "16", description = "Most HTTP connections kept open to Odoo; calls beyond"
            + " it wait for a free connection")
    private int poolSize = 16;
    @UriParam(label = "producer", defaultValue = "finbridge", description = "The ir.model.data module of the external ids"
            + " that upsert registers and finds, e.g. finbridge for finbridge.shopify_order_1001")
    private String externalIdModule = "finbridge";

    /** The component's configuration from {@code finbridge.odoo.*}. */
    public static OdooConfiguration fromSettings(Settings settings) {
        OdooConfiguration c = new OdooConfiguration();
        c.setUrl(settings.get("finbridge.odoo.url", ""));
        c.setDatabase(settings.get("finbridge.odoo.database", ""));
        c.setLogin(settings.get("finbridge.odoo.login", ""));
        c.setApiKey(settings.get("finbridge.odoo.api-key", ""));
        c.setProtocol(settings.get("finbridge.odoo.protocol", "auto"));
        c.setConnectTimeout(settings.getDuration("finbridge.odoo.connect-timeout", Duration.ofSeconds(5)).toMillis());
        c.setRequestTimeout(settings.getDuration("finbridge.odoo.request-timeout", Duration.ofSeconds(60)).toMillis());
        c.setPoolSize(settings.getInt("finbridge.odoo.pool-size", 16));
        c.setExternalIdModule(settings.get("finbridge.odoo.external-id-module", "finbridge"));
        return c;
    }

    public OdooConfiguration copy() {
        try {
            return (OdooConfiguration) clone();
        } catch (CloneNotSupportedException ex) {
            throw new IllegalStateException(ex);
        }
    }

    OdooConnection connection() {
        return new OdooConnection(url, database, login, apiKey);
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getDatabase() {
        return database;
    }

    public void setDatabase(String database) {
        this.database = database;
    }

    public String getLogin() {
        return login;
    }

    public void setLogin(String login) {
        this.login = login;
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getProtocol() {
        return protocol;
    }

    public void setProtocol(String protocol) {
        OdooProtocol.parse(protocol);
        this.protocol = protocol;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public int getPoolSize() {
        return poolSize;
    }

    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    public String getExternalIdModule() {
        return externalIdModule;
    }

    public void setExternalIdModule(String externalIdModule) {
        this.externalIdModule = externalIdModule;
    }

    @Override
    public String toString() {
        return "OdooConfiguration[url=" + url + ", database=" + database + ", login=" + login + ", protocol=" + protocol + "]";
    }
}
