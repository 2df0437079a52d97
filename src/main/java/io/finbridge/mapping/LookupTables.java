package io.finbridge.mapping;

import java.util.Optional;
import java.util.Set;

/** What mappings may look values up in: the reference tables and the enabled currencies. */
public interface LookupTables {

    /** The value for {@code key} (matched without regard to case), or the table's {@code "*"} entry, or empty. */
    Optional<String> lookup(String table, String key);

    Set<String> tables();

    /** The file a table comes from, for messages. */
    String origin(String table);

    boolean currencyEnabled(String code);
}
