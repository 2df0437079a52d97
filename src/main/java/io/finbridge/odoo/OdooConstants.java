package io.finbridge.odoo;

import org.apache.camel.spi.Metadata;

/** The headers the {@code odoo:} producer reads and writes. */
public final class OdooConstants {

    @Metadata(label = "producer", description = "The search domain in Odoo's notation, e.g. [[\"email\", \"=\", \"a@b.c\"]]"
            + " (a List, or its JSON text). Default: the endpoint's domain, else [] (all records).", javaType = "java.util.List")
    public static final String DOMAIN = "CamelOdooDomain";
    @Metadata(label = "producer", description = "The fields to read (a List of names, or comma-separated). Default: the endpoint's"
            + " fields, else all fields.", javaType = "java.util.List<String>")
    public static final String FIELDS = "CamelOdooFields";
    @Metadata(label = "producer", description = "The most records to return.", javaType = "Integer")
    public static final String LIMIT = "CamelOdooLimit";
    @Metadata(label = "producer", description = "How many matching records to skip.", javaType = "Integer")
    public static final String OFFSET = "CamelOdooOffset";
    @Metadata(label = "producer", description = "The sort order, e.g. \"name asc, id desc\".", javaType = "String")
    public static final String ORDER = "CamelOdooOrder";
    @Metadata(label = "producer", description = "The record ids for read, write, unlink and call (a List of Integers or one"
            + " Integer).", javaType = "java.util.List<Integer>")
    public static final String IDS = "CamelOdooIds";
    @Metadata(label = "producer", description = "Context keys merged over the endpoint's context (allowed_company_ids, lang, tz,"
            + " active_test ...); a Map or its JSON text.", javaType = "java.util.Map")
    public static final String CONTEXT = "CamelOdooContext";
    @Metadata(label = "producer", description = "Positional arguments for call, after the ids.", javaType = "java.util.List")
    public static final String ARGS = "CamelOdooArgs";
    @Metadata(label = "producer", description = "Keyword arguments for call.", javaType = "java.util.Map")
    public static final String KWARGS = "CamelOdooKwargs";
    @Metadata(label = "producer", description = "The external id for upsert: a name such as shopify_order_1001 in the endpoint's"
            + " externalIdModule, or module.name.", javaType = "String")
    public static final String EXTERNAL_ID = "CamelOdooExternalId";
    @Metadata(label = "producer", description = "Out: the id of the record created (create of one record) or upserted.",
            javaType = "Integer")
    public static final String RECORD_ID = "CamelOdooRecordId";
    @Metadata(label = "producer", description = "Out: what upsert did, created or updated.", javaType = "String")
    public static final String UPSERT_RESULT = "CamelOdooUpsertResult";

    public static final String UPSERT_CREATED = "created";
    public static final String UPSERT_UPDATED = "updated";

    private OdooConstants() {
    }
}
