package io.finbridge.odoo;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one lookup of an {@code ir.model.data} external id ({@code module.name}), for the users who grant the
 * integration user the right to register them (the {@code upsert} operation) and for reference data named by
 * external id. {@code check_object_reference} is callable by the least-privilege integration user; it raises a
 * ValueError "External ID not found in the system" for an unknown id, which is an answer here, not an error.
 */
public final class ExternalIds {

    static final String IMD = "ir.model.data";

    /** What an external id points to: the model, and the id (null when the user's search does not see the record). */
    public record Ref(String model, Integer id) {
    }

    private ExternalIds() {
    }

    public static Optional<Ref> resolve(OdooClient odoo, String module, String name, Map<String, Object> context) {
        Object found;
        try {
            found = odoo.executeKw(IMD, "check_object_reference", List.of(module, name),
                    context.isEmpty() ? Map.of() : Map.of("context", context));
        } catch (OdooServerException ex) {
            if (ex.isNotFound()) {
                return Optional.empty();
            }
            throw ex;
        }
        if (found instanceof List<?> ref && ref.size() == 2) {
            return Optional.of(new Ref(String.valueOf(ref.get(0)), ref.get(1) instanceof Number n ? n.intValue() : null));
        }
        throw OdooException.of(OdooErrorClass.SERVER, IMD, "check_object_reference", null, "expected [model, id], got " + found, null);
    }
}
