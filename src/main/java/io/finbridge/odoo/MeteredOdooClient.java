package io.finbridge.odoo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Records every call: {@code finbridge.odoo.calls} (counter), {@code finbridge.odoo.errors} (counter, tagged with the
 * {@link OdooErrorClass}) and {@code finbridge.odoo.call} (timer, with the outcome), each tagged with model and method.
 * A lookup that finds nothing ({@link OdooException#isNotFound()}) is the outcome {@code miss}, not an error.
 */
final class MeteredOdooClient implements OdooClient {

    static final String CALLS = "finbridge.odoo.calls";
    static final String ERRORS = "finbridge.odoo.errors";
    static final String LATENCY = "finbridge.odoo.call";

    private final OdooClient delegate;
    private final MeterRegistry registry;

    MeteredOdooClient(OdooClient delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    OdooClient delegate() {
        return delegate;
    }

    @Override
    public Object executeKw(String model, String method, List<?> args, Map<String, ?> kwargs) {
        long start = System.nanoTime();
        String outcome = "success";
        try {
            return delegate.executeKw(model, method, args, kwargs);
        } catch (OdooException ex) {
            if (ex.isNotFound()) {
                // a lookup that found nothing is Odoo's answer, not its failure (an unregistered external id)
                outcome = "miss";
                throw ex;
            }
            outcome = ex.errorClass().name().toLowerCase(Locale.ROOT);
            Counter.builder(ERRORS).description("Odoo calls that failed, by error class")
                    .tag("model", model).tag("method", method).tag("class", ex.errorClass().name())
                    .register(registry).increment();
            throw ex;
        } finally {
            Counter.builder(CALLS).description("Calls to Odoo").tag("model", model).tag("method", method)
                    .register(registry).increment();
            Timer.builder(LATENCY).description("Latency of calls to Odoo")
                    .tag("model", model).tag("method", method).tag("outcome", outcome)
                    .register(registry).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public Map<String, Object> version() {
        return delegate.version();
    }

    @Override
    public OdooVersion serverVersion() {
        return delegate.serverVersion();
    }
}
