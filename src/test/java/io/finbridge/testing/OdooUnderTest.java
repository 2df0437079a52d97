package io.finbridge.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.finbridge.sandbox.OdooSimulator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stateful WireMock Odoo 17 for tests of flows: the sandbox's simulator (answers in the recorded JSON-RPC shapes,
 * the least-privilege integration user's rights), with WireMock's journal on so a test counts and reads the calls
 * Odoo received, and the settings that point a runtime at it.
 */
public final class OdooUnderTest implements AutoCloseable {

    public static final String API_KEY = "odoo-under-test-key-4417";
    private final OdooSimulator simulator;

    private OdooUnderTest(OdooSimulator simulator) {
        this.simulator = simulator;
    }

    public static OdooUnderTest start() {
        return new OdooUnderTest(OdooSimulator.startRecording(API_KEY));
    }

    public static OdooUnderTest startWith(Set<String> extraGroups) {
        return new OdooUnderTest(OdooSimulator.startRecording(API_KEY, extraGroups));
    }

    public OdooSimulator simulator() {
        return simulator;
    }

    /** The runtime settings for this Odoo, over {@code base} (e.g. {@link RuntimeFixture#baseline}). */
    public Map<String, String> settings(Map<String, String> base) {
        Map<String, String> s = new java.util.HashMap<>(base);
        s.put("finbridge.odoo.url", simulator.url());
        s.put("finbridge.odoo.database", OdooSimulator.DATABASE);
        s.put("finbridge.odoo.login", OdooSimulator.LOGIN);
        s.put("finbridge.odoo.api-key", API_KEY);
        s.put("finbridge.odoo.protocol", "jsonrpc");
        return s;
    }

    /** execute_kw calls of {@code method} on {@code model} Odoo received. */
    public List<LoggedRequest> calls(String model, String method) {
        return simulator.wireMock().findAll(postRequestedFor(urlEqualTo("/jsonrpc"))
                .withRequestBody(containing("\"" + model + "\",\"" + method + "\"")));
    }

    public int count(String model, String method) {
        return calls(model, method).size();
    }

    /** Every execute_kw on a model, whatever the method. */
    public int countOn(String model) {
        return simulator.wireMock().findAll(postRequestedFor(urlEqualTo("/jsonrpc"))
                .withRequestBody(containing("\"execute_kw\"")).withRequestBody(containing(",\"" + model + "\",\""))).size();
    }

    public void resetCounts() {
        simulator.wireMock().resetRequests();
    }

    @Override
    public void close() {
        simulator.close();
    }
}
