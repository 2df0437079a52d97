package io.finbridge.odoo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What JSON-RPC and XML-RPC share: {@code common.authenticate} once, the uid cached for every later
 * {@code object.execute_kw}, and a new authentication only when Odoo refuses the credentials on a call
 * ({@code AccessDenied}). Concurrent callers wait for one authentication instead of each running their own (it costs
 * Odoo about 340 ms of key hashing, FACTS.md "Timings").
 */
abstract class RpcClient implements OdooClient {

    private static final Logger LOG = LoggerFactory.getLogger(RpcClient.class);

    protected final OdooConnection connection;
    protected final OdooHttp http;
    private final AtomicReference<Session> session = new AtomicReference<>();
    private final ReentrantLock authentication = new ReentrantLock();
    private volatile OdooVersion known;

    /** One authenticated uid; compared by identity, so a re-authentication that yields the same uid is still new. */
    private static final class Session {
        final int uid;

        Session(int uid) {
            this.uid = uid;
        }
    }

    RpcClient(OdooConnection connection, OdooHttp http) {
        this.connection = connection;
        this.http = http;
    }

    /**
     * One call of a service method ({@code common.version}, {@code common.authenticate}, {@code object.execute_kw}).
     *
     * @param model, method what the caller asked for, for the exceptions
     * @return Odoo's result, null for None
     */
    protected abstract Object call(String service, String serviceMethod, List<Object> args, String model, String method);

    @Override
    public Object executeKw(String model, String method, List<?> args, Map<String, ?> kwargs) {
        Session current = session(model, method);
        try {
            return call("object", "execute_kw", executeArgs(current.uid, model, method, args, kwargs), model, method);
        } catch (OdooAccessException ex) {
            if (ex.errorClass() != OdooErrorClass.ACCESS_DENIED) {
                throw ex;
            }
            Session fresh = reauthenticate(current, model, method);
            return call("object", "execute_kw", executeArgs(fresh.uid, model, method, args, kwargs), model, method);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> version() {
        Object v = call("common", "version", List.of(), "common", "version");
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> version = (Map<String, Object>) m;
            if (known == null) {
                known = OdooVersion.of(version);
            }
            return version;
        }
        throw OdooException.of(OdooErrorClass.CONFIGURATION, "common", "version", null,
                "expected the version information, got " + v, null);
    }

    @Override
    public OdooVersion serverVersion() {
        OdooVersion v = known;
        return v != null ? v : OdooVersion.of(version());
    }

    /** {@code [db, uid, key, model, method, args]} plus kwargs when there are any, as Odoo's own clients send it. */
    private List<Object> executeArgs(int uid, String model, String method, List<?> args, Map<String, ?> kwargs) {
        List<Object> a = new ArrayList<>(7);
        a.add(connection.database());
        a.add(uid);
        a.add(connection.apiKey());
        a.add(model);
        a.add(method);
        a.add(args == null ? List.of() : args);
        if (kwargs != null && !kwargs.isEmpty()) {
            a.add(kwargs);
        }
        return a;
    }

    private Session session(String model, String method) {
        Session s = session.get();
        if (s != null) {
            return s;
        }
        authentication.lock();
        try {
            s = session.get();
            if (s == null) {
                s = authenticate(model, method);
                session.set(s);
            }
            return s;
        } finally {
            authentication.unlock();
        }
    }

    private Session reauthenticate(Session refused, String model, String method) {
        authentication.lock();
        try {
            Session s = session.get();
            if (s != null && s != refused) {
                return s; // another caller already authenticated again
            }
            session.set(null);
            LOG.info("Odoo refused the credentials on {}.{}; authenticating {} on {} again", model, method,
                    connection.login(), connection.database());
            s = authenticate(model, method);
            session.set(s);
            return s;
        } finally {
            authentication.unlock();
        }
    }

    private Session authenticate(String model, String method) {
        Object uid = call("common", "authenticate",
                List.of(connection.database(), connection.login(), connection.apiKey(), Map.of()), model, method);
        if (uid instanceof Number n && n.intValue() > 0) {
            return new Session(n.intValue());
        }
        throw OdooException.of(OdooErrorClass.ACCESS_DENIED, model, method, "odoo.exceptions.AccessDenied",
                "Odoo refused login '" + connection.login() + "' on database '" + connection.database()
                        + "' (authenticate returned " + uid + "): check finbridge.odoo.login and finbridge.odoo.api-key", null);
    }

    /** An exception for what Odoo answered, with the API key masked wherever the server echoed it. */
    protected OdooException odooError(OdooErrorClass kind, String model, String method, String name, String message) {
        return OdooException.of(kind, model, method, name, connection.redact(message), null);
    }
}
