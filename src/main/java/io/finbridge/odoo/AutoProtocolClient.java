package io.finbridge.odoo;

import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code protocol=auto}: reads the server version once, on the first call (or the first {@link #version()}), and from
 * then on speaks JSON-2 to Odoo 19 and later, JSON-RPC to older ones. The version is asked with {@code GET
 * /web/version}, which Odoo 19 serves without authentication; only where that answers 404 (Odoo 17) is it asked with
 * JSON-RPC's {@code common.version}. So on Odoo 19 nothing ever reaches {@code /jsonrpc} or {@code /xmlrpc}, which Odoo
 * 19 logs a deprecation warning for on every call and Odoo 20 removes. When Odoo cannot be reached the choice is left
 * open and the next call tries again.
 */
final class AutoProtocolClient implements OdooClient {

    private static final Logger LOG = LoggerFactory.getLogger(AutoProtocolClient.class);

    private final JsonRpcClient jsonRpc;
    private final Json2Client json2;
    private final ReentrantLock choosing = new ReentrantLock();
    private volatile Choice choice;

    /** The protocol spoken, and the version answer it was chosen from. */
    private record Choice(OdooProtocol protocol, OdooClient client, OdooVersion version, Map<String, Object> answer) {
    }

    AutoProtocolClient(JsonRpcClient jsonRpc, Json2Client json2) {
        this.jsonRpc = jsonRpc;
        this.json2 = json2;
    }

    @Override
    public Object executeKw(String model, String method, List<?> args, Map<String, ?> kwargs) {
        return chosen().client().executeKw(model, method, args, kwargs);
    }

    /** Once chosen, the chosen protocol's own question; before, the question that makes the choice. */
    @Override
    public Map<String, Object> version() {
        Choice c = choice;
        if (c != null) {
            return c.client().version();
        }
        choosing.lock();
        try {
            if (choice == null) {
                return choose().answer();
            }
        } finally {
            choosing.unlock();
        }
        return choice.client().version();
    }

    @Override
    public OdooVersion serverVersion() {
        return chosen().version();
    }

    /** The protocol picked, or null before the first answer. */
    OdooProtocol protocol() {
        Choice c = choice;
        return c == null ? null : c.protocol();
    }

    private Choice chosen() {
        Choice c = choice;
        if (c != null) {
            return c;
        }
        choosing.lock();
        try {
            return choice != null ? choice : choose();
        } finally {
            choosing.unlock();
        }
    }

    /** Under the lock: asks the version and keeps the choice. */
    private Choice choose() {
        Map<String, Object> answer = json2.webVersion();
        boolean webVersion = answer != null;
        if (!webVersion) {
            answer = jsonRpc.version();
        }
        OdooVersion version = OdooVersion.of(answer);
        Choice c = version.hasJson2()
                ? new Choice(OdooProtocol.JSON2, json2, version, answer)
                : new Choice(OdooProtocol.JSONRPC, jsonRpc, version, answer);
        choice = c;
        LOG.info("Odoo {} answers {}: speaking {}", version, webVersion ? "GET /web/version" : "common.version (no /web/version)",
                c.protocol().id());
        return c;
    }
}
