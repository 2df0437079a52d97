package io.finbridge.inbound;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.finbridge.sandbox.OdooSimulator;
import io.finbridge.testing.LogCapture;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.StripeEvents;
import io.finbridge.testing.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every flow route shares the inbox flows' error handling, and a retryable failure reads as one line in the log. */
class FlowErrorHandlingTest {

    static final Path FLOWS = Path.of("routes/flows");
    static final String SECRET = "whsec_flow_errors_3317";
    static final String ODOO_KEY = "flow-errors-odoo-key-3317";

    @Test
    void everyFlowRouteUsesTheSharedErrorHandling() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<String> routes = new ArrayList<>();
        List<String> without = new ArrayList<>();
        try (Stream<Path> files = Files.walk(FLOWS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode item : yaml.readTree(file.toFile())) {
                    JsonNode route = item.get("route");
                    if (route == null) {
                        continue;
                    }
                    String id = file.getFileName() + ": " + route.path("id").asText("(no id)");
                    routes.add(id);
                    if (!"inbox-flows".equals(route.path("routeConfigurationId").asText())) {
                        without.add(id);
                    }
                }
            }
        }
        assertThat(routes).as("flow routes read").hasSizeGreaterThanOrEqualTo(6)
                .contains("stripe-events-to-odoo.yaml: stripe-customer-to-odoo-partner",
                        "shopify-events-to-odoo.yaml: shopify-customer-to-odoo-partner");
        assertThat(without).as("flow routes without routeConfigurationId: inbox-flows").isEmpty();
    }

    @Test
    void aRetryableFailureIsRedeliveredQuicklyAndLogsOneWarnLineWithoutAStackTrace() throws Exception {
        try (OdooSimulator odoo = OdooSimulator.startRecording(ODOO_KEY); LogCapture logs = new LogCapture()) {
            Map<String, String> s = RuntimeFixture.baseline("dev", TestStores.h2());
            s.put("finbridge.routes.location", "routes/inbound,routes/ops,routes/flows,routes/posting");
            s.put("finbridge.routes.reload", "false");
            s.put("finbridge.odoo.url", odoo.url());
            s.put("finbridge.odoo.database", OdooSimulator.DATABASE);
            s.put("finbridge.odoo.login", OdooSimulator.LOGIN);
            s.put("finbridge.odoo.api-key", ODOO_KEY);
            s.put("finbridge.odoo.protocol", "jsonrpc");
            s.put("finbridge.webhooks.stripe.secret", SECRET);
            s.put("finbridge.inbox.retry-base", "3s");
            try (RuntimeFixture fb = RuntimeFixture.start(s)) {
                // Odoo drops every call on the floor: the connection is reset (a TRANSPORT failure, retryable)
                StubMapping reset = odoo.wireMock().stubFor(post(urlEqualTo("/jsonrpc")).atPriority(1)
                        .withRequestBody(containing("execute_kw")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
                String body = StripeEvents.customerCreated("evt_flow_errors_1", "cus_flow_errors_1", "Flow Errors", "fe@example.com");
                assertThat(fb.send(fb.post("/webhooks/stripe", body, "Stripe-Signature",
                        StripeEvents.signature(SECRET, body, Instant.now()))).statusCode()).isEqualTo(200);

                await().atMost(Duration.ofSeconds(20)).until(() -> warnings(logs, "evt_flow_errors_1").size() == 1);
                // the sub-route stripe-customer-to-odoo-partner redelivered twice before giving the event back to the inbox
                assertThat(lookups(odoo, "stripe:customer:cus_flow_errors_1")).isEqualTo(3);
                String warning = warnings(logs, "evt_flow_errors_1").get(0);
                assertThat(warning).contains("attempt 1 failed", "OdooRetryableException", "search_read");
                assertThat(logs.text()).doesNotContain("Exhausted after delivery attempt");
                assertThat(stackTracesAtWarnOrError(logs)).as("WARN/ERROR records followed by a stack trace").isEmpty();

                odoo.wireMock().removeStub(reset);
                await().atMost(Duration.ofSeconds(20)).until(() -> fb.getAsOperator("/api/events/evt_flow_errors_1").body()
                        .contains("\"status\":\"done\""));
                assertThat(warnings(logs, "evt_flow_errors_1")).hasSize(1);
            }
        }
    }

    /** The posting's search by natural key (and email) for a customer: the flow's first Odoo call. */
    static int lookups(OdooSimulator odoo, String naturalKey) {
        return odoo.wireMock().countRequestsMatching(postRequestedFor(urlEqualTo("/jsonrpc"))
                .withRequestBody(containing("\"res.partner\",\"search_read\"")).withRequestBody(containing(naturalKey)).build()).getCount();
    }

    static List<String> warnings(LogCapture logs, String text) {
        return logs.text().lines().filter(l -> l.startsWith("WARN ") && l.contains(text)).toList();
    }

    /** The records at WARN or ERROR whose next line is a stack frame or a cause. */
    static List<String> stackTracesAtWarnOrError(LogCapture logs) {
        List<String> found = new ArrayList<>();
        String record = null;
        for (String line : logs.text().lines().toList()) {
            if (line.startsWith("\tat ") || line.startsWith("Caused by: ")) {
                if (record != null && (record.startsWith("WARN ") || record.startsWith("ERROR "))) {
                    found.add(record);
                    record = null;
                }
            } else if (line.matches("^(TRACE|DEBUG|INFO|WARN|ERROR|FATAL) .*")) {
                record = line;
            }
        }
        return found;
    }
}
