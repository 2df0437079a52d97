package io.finbridge.odoo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code upsert} operation, for users who grant the integration user Administration / Access Rights: write or
 * create by external id ({@code ir.model.data}, e.g. {@code finbridge.shopify_order_1001}). Flows do not need it:
 * they post through Finbridge's binder and natural keys ({@code io.finbridge.posting}). Find with {@code check_object_reference} (callable by the integration user), then write or
 * create, then register the external id with {@code ir.model.data.create}, which needs the Administration / Access
 * Rights group (FACTS.md "Access rights" and "Idempotent upsert options").
 *
 * <p>Two upserts of one key inside this instance run one after the other (striped locks). Across instances the
 * unique (module, name) constraint of {@code ir.model.data} decides: the loser's registration fails with a
 * ValidationError "duplicate key", so it removes the record it just created and writes onto the winner's.
 */
final class ExternalIdUpsert {

    static final String IMD = ExternalIds.IMD;
    private static final int STRIPES = 64;

    /** The record written or created, and which of the two happened. */
    record Result(int id, boolean created) {
        String outcome() {
            return created ? "created" : "updated";
        }
    }

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    ExternalIdUpsert() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    Result upsert(OdooClient odoo, String model, String module, String name, Map<String, ?> vals, Map<String, Object> context) {
        ReentrantLock lock = stripes[Math.floorMod((module + "." + name).hashCode(), STRIPES)];
        lock.lock();
        try {
            Integer existing = resolve(odoo, model, module, name, context);
            if (existing != null) {
                write(odoo, model, existing, vals, context);
                return new Result(existing, false);
            }
            int created = toId(odoo.executeKw(model, "create", List.of(vals), kwargs(context)), model, "create");
            try {
                register(odoo, model, module, name, created);
                return new Result(created, true);
            } catch (OdooBusinessException ex) {
                if (!isDuplicateKey(ex)) {
                    throw removing(odoo, model, created, ex);
                }
                // another instance registered this key first: its record is the one
                unlink(odoo, model, created, context);
                Integer winner = resolve(odoo, model, module, name, context);
                if (winner == null) {
                    throw ex;
                }
                write(odoo, model, winner, vals, context);
                return new Result(winner, false);
            } catch (OdooAccessException ex) {
                OdooException explained = OdooException.of(ex.errorClass(), IMD, "create", ex.odooErrorName(),
                        "registering the external id " + module + "." + name + " needs the integration user in the group "
                                + "Administration / Access Rights (Settings > Users > the integration user > Administration: "
                                + "Access Rights); Odoo said: " + ex.odooMessage(), ex);
                throw removing(odoo, model, created, explained);
            } catch (OdooException ex) {
                throw removing(odoo, model, created, ex);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The record an external id points to, or null when there is none. {@code check_object_reference} answers
     * {@code [model, false]} when the record exists but the user's search does not see it (archived): asked again
     * with {@code active_test} off.
     */
    Integer resolve(OdooClient odoo, String model, String module, String name, Map<String, Object> context) {
        ExternalIds.Ref ref = ExternalIds.resolve(odoo, module, name, context).orElse(null);
        if (ref == null) {
            return null;
        }
        if (!model.equals(ref.model())) {
            throw OdooException.of(OdooErrorClass.VALIDATION, model, "upsert", null, "the external id " + module + "."
                    + name + " belongs to a " + ref.model() + ", not to a " + model, null);
        }
        if (ref.id() != null) {
            return ref.id();
        }
        if (!Boolean.FALSE.equals(context.get("active_test"))) {
            Map<String, Object> inactiveToo = new LinkedHashMap<>(context);
            inactiveToo.put("active_test", false);
            return resolve(odoo, model, module, name, inactiveToo);
        }
        throw OdooException.of(OdooErrorClass.ACCESS, model, "upsert", null, "the external id " + module + "." + name
                + " points to a " + model + " the integration user cannot see (record rules or companies)", null);
    }

    private static void register(OdooClient odoo, String model, String module, String name, int id) {
        Map<String, Object> xmlid = new LinkedHashMap<>();
        xmlid.put("module", module);
        xmlid.put("name", name);
        xmlid.put("model", model);
        xmlid.put("res_id", id);
        odoo.executeKw(IMD, "create", List.of(xmlid), Map.of());
    }

    private static void write(OdooClient odoo, String model, int id, Map<String, ?> vals, Map<String, Object> context) {
        odoo.executeKw(model, "write", List.of(List.of(id), vals), kwargs(context));
    }

    private static void unlink(OdooClient odoo, String model, int id, Map<String, Object> context) {
        odoo.executeKw(model, "unlink", List.of(List.of(id)), kwargs(context));
    }

    /** The record just created must not outlive a failed registration: the next upsert would create a second one. */
    private static OdooException removing(OdooClient odoo, String model, int created, OdooException failure) {
        try {
            unlink(odoo, model, created, Map.of());
        } catch (OdooException cleanup) {
            failure.addSuppressed(new IllegalStateException("the " + model + " " + created
                    + " created for this upsert could not be removed and has no external id: " + cleanup.getMessage(), cleanup));
        }
        return failure;
    }

    static boolean isDuplicateKey(OdooException ex) {
        String m = ex.odooMessage();
        return ex.errorClass() == OdooErrorClass.VALIDATION && m != null
                && (m.contains("duplicate key") || m.contains("ir_model_data_module_name_uniq"));
    }

    private static Map<String, Object> kwargs(Map<String, Object> context) {
        return context.isEmpty() ? Map.of() : Map.of("context", context);
    }

    private static int toId(Object result, String model, String method) {
        if (result instanceof Number n) {
            return n.intValue();
        }
        throw OdooException.of(OdooErrorClass.SERVER, model, method, null, "expected the new record's id, got " + result, null);
    }
}
