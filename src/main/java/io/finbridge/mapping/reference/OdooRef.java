package io.finbridge.mapping.reference;

/**
 * How reference data names an Odoo record: by a field of the model ({@code code}, {@code name},
 * {@code default_code}) within an entity's company, or by an external id ({@code field} = {@code external-id},
 * {@code value} = {@code module.name}). Resolved to a database id at start and on each refresh.
 */
public record OdooRef(String model, String field, String value, String entity) {

    public static final String EXTERNAL_ID = "external-id";

    public boolean byExternalId() {
        return EXTERNAL_ID.equals(field);
    }

    public String describe() {
        String where = entity == null ? "" : " in the company of entity " + entity;
        return model + (byExternalId() ? " with external id " + value : " with " + field + " '" + value + "'") + where;
    }
}
