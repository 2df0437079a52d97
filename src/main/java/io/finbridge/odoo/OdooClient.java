package io.finbridge.odoo;

import java.util.List;
import java.util.Map;

/**
 * Odoo's external API behind one seam, whatever the protocol: the {@code odoo:} producer calls it, and so can any Java
 * bean ({@code camelContext.getComponent("odoo", OdooComponent.class).getClient()}).
 *
 * <p>Implementations are thread-safe, authenticate once and reuse the uid, and throw {@link OdooException}s.
 */
public interface OdooClient {

    /**
     * Calls {@code model.method(*args, **kwargs)} as Odoo's {@code execute_kw} does.
     *
     * @param args positional arguments; for methods on records the first is the list of ids
     * @param kwargs keyword arguments, may include {@code context}; may be empty or null
     * @return Odoo's result as plain Java: Integer, Boolean, String, BigDecimal (never double), List, Map, or null for
     *     methods that return None
     */
    Object executeKw(String model, String method, List<?> args, Map<String, ?> kwargs);

    /**
     * The server's version information as Odoo answers it, asked anew on each call; needs no login. JSON-2 and
     * {@code auto} ask {@code GET /web/version} (Odoo 19 and later), JSON-RPC and XML-RPC {@code common.version}.
     */
    Map<String, Object> version();

    /**
     * The server's version, read once with {@link #version()} and kept: field names that differ between versions are
     * chosen from it (an Odoo upgrade means a restart of Finbridge).
     */
    default OdooVersion serverVersion() {
        return OdooVersion.of(version());
    }
}
