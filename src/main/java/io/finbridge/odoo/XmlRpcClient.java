package io.finbridge.odoo;

import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamException;

/**
 * Odoo 16 to 21 over {@code POST /xmlrpc/2/common} and {@code /xmlrpc/2/object}. Faults are classified by
 * faultCode (FACTS.md): 3 AccessDenied, 4 AccessError, 2 UserError/ValidationError/MissingError, 1 anything else with
 * the traceback's last line {@code Class: message}. A faultCode 1 {@code TypeError: cannot marshal None} is a method
 * that ran, committed and returned None: success, null.
 */
final class XmlRpcClient extends RpcClient {

    static final String NONE_RETURNED = "TypeError: cannot marshal None unless allow_none is enabled";
    private static final Map<String, String> NO_HEADERS = Map.of();

    XmlRpcClient(OdooConnection connection, OdooHttp http) {
        super(connection, http);
    }

    @Override
    protected Object call(String service, String serviceMethod, List<Object> args, String model, String method) {
        byte[] body = XmlRpc.methodCall(serviceMethod, args);
        String path = "/xmlrpc/2/" + service;
        OdooHttp.Answer answer = http.post(path, "text/xml", body, NO_HEADERS, model, method);
        if (answer.status() != 200) {
            if (answer.status() >= 300 && answer.status() < 400) {
                throw odooError(OdooErrorClass.CONFIGURATION, model, method, null, connection.url() + path
                        + " redirects to " + answer.location() + ": set finbridge.odoo.url to the address Odoo is served at");
            }
            throw odooError(OdooErrorClass.ofHttpStatus(answer.status()), model, method, null,
                    "HTTP " + answer.status() + " from " + connection.url() + path + ": " + answer.excerpt());
        }
        Object result;
        try {
            result = XmlRpc.parseResponse(answer.body());
        } catch (XMLStreamException | RuntimeException ex) {
            throw odooError(OdooErrorClass.CONFIGURATION, model, method, null, connection.url() + path
                    + " did not answer XML-RPC (is finbridge.odoo.url the Odoo server?): " + answer.excerpt());
        }
        if (result instanceof XmlRpc.Fault fault) {
            return fault(fault, model, method);
        }
        return result;
    }

    private Object fault(XmlRpc.Fault fault, String model, String method) {
        String text = fault.string() == null ? "" : fault.string().strip();
        switch (fault.code()) {
            case 3 -> throw odooError(OdooErrorClass.ACCESS_DENIED, model, method, "faultCode 3", text);
            case 4 -> throw odooError(OdooErrorClass.ACCESS, model, method, "faultCode 4", text);
            case 2 -> throw odooError(classifyCode2(text), model, method, "faultCode 2", text);
            case 1 -> {
                String last = text.substring(text.lastIndexOf('\n') + 1).strip();
                if (last.equals(NONE_RETURNED)) {
                    return null;
                }
                int colon = last.indexOf(": ");
                String name = colon > 0 && !last.substring(0, colon).contains(" ") ? last.substring(0, colon) : "faultCode 1";
                String message = colon > 0 && !name.equals("faultCode 1") ? last.substring(colon + 2) : text;
                throw odooError(OdooErrorClass.ofOdooError(name, message), model, method, name, message);
            }
            default -> throw odooError(OdooErrorClass.SERVER, model, method, "faultCode " + fault.code(), text);
        }
    }

    /**
     * faultCode 2 is UserError, ValidationError and MissingError alike; Odoo's messages tell them apart: MissingError
     * says the record does not exist, constraints (ValidationError, including converted unique-key violations) start
     * with "The operation cannot be completed".
     */
    static OdooErrorClass classifyCode2(String text) {
        if (text.startsWith("Record does not exist or has been deleted")) {
            return OdooErrorClass.MISSING;
        }
        if (text.startsWith("The operation cannot be completed") || text.contains("violates unique constraint")) {
            return OdooErrorClass.VALIDATION;
        }
        return OdooErrorClass.USER;
    }
}
