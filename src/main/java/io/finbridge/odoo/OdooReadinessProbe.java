package io.finbridge.odoo;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * For the readiness check: asks Odoo its version through the component's client (no login needed) and answers null
 * when Odoo replied, else why not. Bounded by its own timeout, so a slow Odoo cannot hold a health request for the
 * length of a call's timeout.
 */
public final class OdooReadinessProbe implements Supplier<String> {

    private final Supplier<OdooClient> client;
    private final Duration timeout;

    public OdooReadinessProbe(Supplier<OdooClient> client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public String get() {
        CompletableFuture<?> version = CompletableFuture.supplyAsync(() -> client.get().version());
        try {
            version.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (TimeoutException ex) {
            version.cancel(true);
            return "no answer within " + timeout.toMillis() + " ms";
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException ex) {
            Throwable cause = ex.getCause() == null ? ex : ex.getCause();
            return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        }
    }
}
