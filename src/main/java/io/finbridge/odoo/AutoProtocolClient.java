package io.finbridge.odoo;

import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code protocol=auto}: reads the server version once, on the first call, and from then on speaks JSON-2 to Odoo 19
 * and later, JSON-RPC to older ones. The version is read with {@code common.version} over JSON-RPC, and with
 * {@code GET /web/version} where JSON-RPC no longer exists (Odoo 22 and later). When Odoo cannot be reached the choice
 * is left open and the next call tries again.
 */
final class AutoProtocolClient implements OdooClient {

    static final int FIRST_JSON2_VERSION = 19;
    private static final Logger LOG = LoggerFactory.getLogger(AutoProtocolClient.class);

    private final JsonRpcClient jsonRpc;
    private final Json2Client json2;
    private final ReentrantLock choosing = new ReentrantLock();
    private volatile OdooClient chosen;
    private volatile OdooProtocol protocol;

    AutoProtocolClient(JsonRpcClient jsonRpc, Json2Client json2) {
        this.jsonRpc = jsonRpc;
        this.json2 = json2;
    }

    @Override
    public Object executeKw(String model, String method, List<?> args, Map<String, ?> kwargs) {
        return chosen().executeKw(model, method, args, kwargs);
    }

    @Override
    public Map<String, Object> version() {
        OdooClient c = chosen;
        return c != null ? c.version() : readVersion();
    }

    /** The protocol picked, or null before the first call. */
    OdooProtocol protocol() {
        return protocol;
    }

    private OdooClient chosen() {
        OdooClient c = chosen;
        if (c != null) {
            return c;
        }
        choosing.lock();
        try {
            if (chosen == null) {
                Map<String, Object> version = readVersion();
                int major = majorVersion(version);
                protocol = major >= FIRST_JSON2_VERSION ? OdooProtocol.JSON2 : OdooProtocol.JSONRPC;
                chosen = protocol == OdooProtocol.JSON2 ? json2 : jsonRpc;
                LOG.info("Odoo {} answers: speaking {}", major, protocol.id());
            }
            return chosen;
        } finally {
            choosing.unlock();
        }
    }

    private Map<String, Object> readVersion() {
        try {
            return jsonRpc.version();
        } catch (OdooException ex) {
            if (ex.errorClass() != OdooErrorClass.CONFIGURATION) {
                throw ex;
            }
            return json2.version();
        }
    }

    /**
     * The major version from {@code server_version_info} ({@code common.version}) or {@code version_info}
     * ({@code /web/version}), else the leading number of {@code server_serie}/{@code version} (e.g. {@code saas~18.3}).
     */
    static int majorVersion(Map<String, Object> version) {
        for (String key : new String[] {"server_version_info", "version_info"}) {
            if (version.get(key) instanceof List<?> info && !info.isEmpty() && info.get(0) instanceof Number n) {
                return n.intValue();
            }
        }
        for (String key : new String[] {"server_serie", "server_version", "version"}) {
            Object v = version.get(key);
            if (v != null) {
                String digits = String.valueOf(v).replaceAll("^\\D*(\\d+).*$", "$1");
                if (digits.matches("\\d+")) {
                    return Integer.parseInt(digits);
                }
            }
        }
        throw OdooException.of(OdooErrorClass.CONFIGURATION, "common", "version", null,
                "cannot tell the Odoo version from " + version + ": set finbridge.odoo.protocol", null);
    }
}
