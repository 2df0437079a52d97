package io.finbridge.posting;

import java.util.Map;

/**
 * What a source record became in Odoo: the model and id, the natural key it carries there, its state as last seen
 * (draft, posted, cancelled...), the source version last written (the source's own time of the change) and the Odoo
 * values last written, which an update compares with so that an unchanged record writes nothing.
 */
public record Binding(BindingKey key, String model, int odooId, String naturalKey, String odooState, String sourceVersion,
                      Map<String, Object> writtenValues) {

    public Binding {
        writtenValues = writtenValues == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(writtenValues));
    }

    public Binding withState(String state) {
        return new Binding(key, model, odooId, naturalKey, state, sourceVersion, writtenValues);
    }
}
