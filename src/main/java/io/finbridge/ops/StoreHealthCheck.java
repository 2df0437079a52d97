package io.finbridge.ops;

import io.finbridge.store.Store;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Ready only while the store answers: an event that cannot be stored must not be acknowledged. */
public final class StoreHealthCheck extends AbstractHealthCheck {

    private final Store store;

    public StoreHealthCheck(Store store) {
        super("finbridge", "store");
        this.store = store;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("dialect", store.dialect().name());
        if (store.isReachable()) {
            builder.up();
        } else {
            builder.message("store not reachable").down();
        }
    }
}
