package io.finbridge.odoo;

/** What an {@code odoo:} endpoint does with each exchange, and the Odoo method it calls. */
public enum OdooOperation {
    /** Ids of the records matching the domain ({@code search}). Body out: List of Integer. */
    search("search"),
    /** Records matching the domain, with their fields ({@code search_read}). Body out: List of Map. */
    searchRead("search_read"),
    /** How many records match the domain ({@code search_count}). Body out: Integer. */
    searchCount("search_count"),
    /** Fields of the records in CamelOdooIds ({@code read}). Body out: List of Map, in the order of the ids. */
    read("read"),
    /** A record from the vals Map in the body, or a batch from a List of Maps in one call. Body out: id or ids. */
    create("create"),
    /** The vals Map in the body onto the records in CamelOdooIds. Body out: Boolean. */
    write("write"),
    /** Deletes the records in CamelOdooIds. Body out: Boolean. */
    unlink("unlink"),
    /** Any public method, e.g. action_post, with CamelOdooIds, CamelOdooArgs and CamelOdooKwargs. Body out: its result. */
    call(null),
    /** Write or create by external id (CamelOdooExternalId), registering it on create. Body out: the record id. */
    upsert(null);

    private final String odooMethod;

    OdooOperation(String odooMethod) {
        this.odooMethod = odooMethod;
    }

    /** The ORM method this operation calls, null for call and upsert. */
    public String odooMethod() {
        return odooMethod;
    }
}
