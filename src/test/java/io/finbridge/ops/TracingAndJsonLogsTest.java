package io.finbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.testing.LogCapture;
import io.finbridge.testing.OdooUnderTest;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.StripeEvents;
import io.finbridge.testing.TestStores;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With JSON logs and tracing on, one Stripe webhook is one trace (the webhook's route, the inbox worker, the flow and
 * its Odoo calls), and the lines logged while it is processed are JSON objects carrying its event id, source, flow,
 * entity and trace id, and none of its payload.
 */
class TracingAndJsonLogsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STRIPE_SECRET = "whsec_tracing_7731";

    @TempDir
    Path dir;
    private OdooUnderTest odoo;
    private RuntimeFixture fb;
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();

    @AfterEach
    void stop() {
        if (fb != null) {
            fb.close();
        }
        if (odoo != null) {
            odoo.close();
        }
        // the other tests of this JVM log as text again
        System.clearProperty(LogFormat.SETTING);
        ((LoggerContext) LogManager.getContext(false)).reconfigure();
    }

    private void start(Map<String, String> more) throws Exception {
        odoo = OdooUnderTest.start();
        Map<String, String> s = odoo.settings(RuntimeFixture.baseline("prod", TestStores.h2File(dir)));
        s.put("finbridge.webhooks.stripe.secret", STRIPE_SECRET);
        s.put("finbridge.console.enabled", "false");
        s.putAll(more);
        fb = RuntimeFixture.start(s, r -> r.withSpanExporter(spans));
    }

    private HttpResponse<String> deliver(String body) throws Exception {
        return fb.send(fb.post("/webhooks/stripe", body, "Stripe-Signature", StripeEvents.signature(STRIPE_SECRET, body, Instant.now()),
                "Content-Type", "application/json"));
    }

    private void awaitDone(String id) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> r = fb.getAsOperator("/api/events/" + id);
            return r.statusCode() == 200 && JSON.readTree(r.body()).path("event").path("status").asText().equals("done");
        });
    }

    private static Appender configured(String name) {
        return ((LoggerContext) LogManager.getContext(false)).getConfiguration().getAppender(name);
    }

    @Test
    void oneWebhookIsOneTraceFromTheWebhookThroughTheInboxAndTheFlowToOdoo() throws Exception {
        start(Map.of("finbridge.log.format", "json", "finbridge.tracing.enabled", "true"));
        String body = StripeEvents.customerCreated("evt_trace_1", "cus_trace_1", "Ada Lovelace", "ada.trace@example.com");
        try (LogCapture log = new LogCapture(configured("json").getLayout())) {
            assertThat(deliver(body).statusCode()).isEqualTo(200);
            awaitDone("evt_trace_1");
            spans.flush();

            SpanData inbox = await().atMost(Duration.ofSeconds(5)).until(() -> spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals("inbox stripe")).findFirst().orElse(null), s -> s != null);
            List<SpanData> trace = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getTraceId().equals(inbox.getTraceId())).toList();
            // the webhook's receipt: the REST route that answered Stripe, the root of the trace
            SpanData receipt = trace.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow(
                    () -> new AssertionError("no server span of the webhook in " + names(trace)));
            assertThat(receipt.getParentSpanContext().isValid()).as("the webhook starts the trace").isFalse();
            assertThat(inbox.getParentSpanContext().getTraceId()).isEqualTo(receipt.getTraceId());
            assertThat(inbox.getAttributes().asMap().toString()).contains("evt_trace_1");
            // the flow under the inbox's span, and its calls to Odoo under the flow
            assertThat(trace).as(names(trace)).anySatisfy(s -> assertThat(uri(s)).contains("inbox-stripe"));
            assertThat(trace).as(names(trace)).anySatisfy(s -> assertThat(uri(s)).startsWith("odoo"));
            assertThat(trace.stream().filter(s -> uri(s).startsWith("odoo")).count()).isGreaterThanOrEqualTo(2);

            List<JsonNode> lines = new ArrayList<>();
            for (String line : log.text().split("\n")) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line)); // one JSON object per line, or this throws
                }
            }
            List<JsonNode> ofTheEvent = lines.stream().filter(l -> "evt_trace_1".equals(l.path("eventId").asText())).toList();
            assertThat(ofTheEvent).isNotEmpty().allSatisfy(l -> {
                assertThat(l.path("source").asText()).isEqualTo("stripe");
                assertThat(l.path("traceId").asText()).isEqualTo(inbox.getTraceId());
                assertThat(l.path("inboxId").asText()).isNotBlank();
            });
            assertThat(ofTheEvent).anySatisfy(l -> assertThat(l.path("flow").asText()).isEqualTo("stripe-events-to-odoo"));
            assertThat(ofTheEvent).anySatisfy(l -> assertThat(l.path("entity").asText()).isNotBlank());
            // the operator's event trace names the OpenTelemetry trace
            JsonNode eventTrace = JSON.readTree(fb.getAsOperator("/api/events/evt_trace_1").body());
            assertThat(eventTrace.path("traceId").asText()).isEqualTo(inbox.getTraceId());
            assertThat(log.text()).as("no payload value in the log").doesNotContain("ada.trace@example.com").doesNotContain("Ada Lovelace");
        }
    }

    @Test
    void tracingIsOffAndLogsAreTextByDefault() throws Exception {
        start(Map.of());
        String body = StripeEvents.customerCreated("evt_trace_off", "cus_trace_off", "Grace Hopper", "grace.trace@example.com");
        assertThat(deliver(body).statusCode()).isEqualTo(200);
        awaitDone("evt_trace_off");
        assertThat(spans.getFinishedSpanItems()).isEmpty();
        assertThat(JSON.readTree(fb.getAsOperator("/api/events/evt_trace_off").body()).has("traceId")).isFalse();
        Appender root = ((LoggerContext) LogManager.getContext(false)).getConfiguration().getRootLogger().getAppenders().get("text");
        assertThat(root).isNotNull();
        assertThat(root.getLayout()).isInstanceOf(PatternLayout.class);
    }

    @Test
    void anUnknownLogFormatStopsStartUpNamingTheSetting() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(Map.of("finbridge.log.format", "xml")))
                .hasMessageContaining("finbridge.log.format").hasMessageContaining("text or json");
    }

    private static String uri(SpanData s) {
        Object u = s.getAttributes().asMap().entrySet().stream().filter(e -> e.getKey().getKey().equals("camel.uri"))
                .map(Map.Entry::getValue).findFirst().orElse(s.getName());
        return String.valueOf(u);
    }

    private static String names(List<SpanData> trace) {
        return trace.stream().map(s -> s.getKind() + " " + s.getName() + " " + uri(s)).toList().toString();
    }
}
