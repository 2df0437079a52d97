package io.finbridge.odoo;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamException;

/**
 * Odoo 16 to 19 over {@code POST /xmlrpc/2/common} and {@code /xmlrpc/2/object} (deprecated in 19, removed in 20). Faults are classified by
 * faultCode (FACTS.md): 3 AccessDenied, 4 AccessError, 2 UserError/ValidationError/MissingError, 1 anything else with
 * the traceback's last line {@code Class: message}. A faultCode 1 {@code TypeError: cannot marshal None} is a method
 * that ran, committed and returned None: success, null.
 */
final class XmlRpcClient extends RpcClient {

    static final String NONE_RETURNED = "TypeError: cannot marshal None unless allow_none is enabled";
    private static final Map<String, String> NO_HEADERS = Map.of();
    /** A traceback line naming the exception: {@code psycopg2.errors.SerializationFailure: could not ...}. */
    private static final Pattern RAISED = Pattern.compile(
            "(?m)^([A-Za-z_][\\w.]*(?:Error|Exception|Failure|Denied|Violation|Warning|Interrupt|Exit)): (.*)$");

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
                if (text.substring(text.lastIndexOf('\n') + 1).strip().equals(NONE_RETURNED)) {
                    return null;
                }
                Matcher raised = RAISED.matcher(text);
                String name = "faultCode 1";
                String message = null;
                while (raised.find()) { // the last "Class: message" line of the traceback names what was raised
                    name = raised.group(1);
                    message = text.substring(raised.start(2)).strip();
                }
                if (message == null) {
                    message = afterTraceback(text);
                }
                throw odooError(OdooErrorClass.ofOdooError(name, message), model, method, name, message);
            }
            default -> throw odooError(OdooErrorClass.SERVER, model, method, "faultCode " + fault.code(), afterTraceback(text));
        }
    }

    /**
     * What follows the last frame of a Python traceback (the exception line and its detail), or the text itself when
     * it holds no traceback: the frames (file paths, source lines) never reach Finbridge's logs or the exception queue.
     */
    static String afterTraceback(String text) {
        if (!text.contains("Traceback (most recent call last):")) {
            return text;
        }
        String[] lines = text.split("\n");
        int lastFrame = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("  File \"") || lines[i].startsWith("Traceback (most recent call last):")) {
                lastFrame = i;
            }
        }
        int from = lastFrame + 1;
        while (from < lines.length && (lines[from].startsWith(" ") || lines[from].startsWith("\t"))) {
            from++; // the frame's source line(s) and caret markers
        }
        String rest = String.join("\n", java.util.Arrays.copyOfRange(lines, Math.min(from, lines.length), lines.length)).strip();
        return rest.isEmpty() ? "(Odoo sent only a traceback)" : rest;
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
