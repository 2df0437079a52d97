package io.finbridge.posting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.testing.OdooUnderTest;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.StripeEvents;
import io.finbridge.testing.TestStores;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An event stored while no flow handled its type is kept as ignored; once its flow exists an operator re-drives it,
 * and it is posted once, however often it is re-driven.
 */
class RedriveTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "whsec_redrive_6120";

    @TempDir
    Path dir;
    private OdooUnderTest odoo;
    private RuntimeFixture fb;

    @AfterEach
    void stop() {
        if (fb != null) {
            fb.close();
        }
        if (odoo != null) {
            odoo.close();
        }
    }

    private RuntimeFixture start(String routes) throws Exception {
        Map<String, String> s = odoo.settings(RuntimeFixture.baseline("prod", TestStores.h2File(dir)));
        s.put("finbridge.webhooks.stripe.secret", SECRET);
        s.put("finbridge.console.enabled", "false");
        s.put("finbridge.routes.location", routes);
        return RuntimeFixture.start(s);
    }

    @Test
    void anIgnoredEventReDrivenOnceItsFlowExistsIsPostedOnceHoweverOftenItIsReDriven() throws Exception {
        odoo = OdooUnderTest.start();
        // yesterday's routes: Stripe customer.created had no flow yet
        Path old = dir.resolve("routes-before");
        copy(Path.of("routes"), old);
        Path stripe = old.resolve("flows/stripe-events-to-odoo.yaml");
        Files.writeString(stripe, Files.readString(stripe).replace("'customer.created,customer.updated'", "'customer.updated'"));
        fb = start(old.toString());
        String body = PartnerPostingTest.customer("evt_rd_1", "cus_rd_1", "customer.created", "Rita Redrive", "rita@example.com", null);
        assertThat(deliver(body).statusCode()).isEqualTo(200);
        JsonNode ignored = awaitStatus("evt_rd_1", "ignored");
        assertThat(ignored.path("timeline").toString()).contains("no flow posts Stripe customer.created events yet");
        assertThat(JSON.readTree(fb.getAsOperator("/api/events?status=ignored").body()).path("items")).hasSize(1);
        fb.close();

        // today's routes: the flow exists; the event stays ignored until an operator re-drives it
        fb = start(Path.of("routes").toAbsolutePath().toString());
        Thread.sleep(300);
        assertThat(odoo.count("res.partner", "create")).isZero();
        HttpResponse<String> redrive = fb.postAsOperator("/api/events/redrive", "{\"source\":\"stripe\",\"type\":\"customer.created\"}");
        assertThat(redrive.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(redrive.body()).path("redriven").asInt()).isEqualTo(1);
        JsonNode t = awaitStatus("evt_rd_1", "done");
        HttpResponse<String> again = fb.postAsOperator("/api/events/redrive", "{\"source\":\"stripe\",\"type\":\"customer.created\"}");

        assertThat(JSON.readTree(again.body()).path("redriven").asInt()).isZero();
        assertThat(odoo.count("res.partner", "create")).isEqualTo(1);
        assertThat(t.path("timeline").toString()).contains("\"kind\":\"REDRIVE\"", "\"actor\":\"" + RuntimeFixture.CONSOLE_USER + "\"");
        assertThat(t.path("odooWrites")).hasSize(1);
    }

    @Test
    void aReDriveWithoutASourceOrWithABadTimeIsRefusedWithTheReason() throws Exception {
        odoo = OdooUnderTest.start();
        fb = start(Path.of("routes").toAbsolutePath().toString());

        HttpResponse<String> noSource = fb.postAsOperator("/api/events/redrive", "{\"type\":\"invoice.paid\"}");
        HttpResponse<String> badTime = fb.postAsOperator("/api/events/redrive", "{\"source\":\"stripe\",\"from\":\"yesterday\"}");
        HttpResponse<String> notJson = fb.postAsOperator("/api/events/redrive", "source=stripe");
        HttpResponse<String> backwards = fb.postAsOperator("/api/events/redrive",
                "{\"source\":\"stripe\",\"from\":\"2026-11-30T00:00:00Z\",\"to\":\"2026-11-01T00:00:00Z\"}");

        assertThat(noSource.statusCode()).isEqualTo(400);
        assertThat(noSource.body()).contains("\\\"source\\\" is required");
        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(badTime.body()).contains("ISO-8601");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(backwards.statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> deliver(String body) throws Exception {
        return fb.send(fb.post("/webhooks/stripe", body, "Stripe-Signature", StripeEvents.signature(SECRET, body, Instant.now()),
                "Content-Type", "application/json"));
    }

    private JsonNode awaitStatus(String id, String status) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> r = fb.getAsOperator("/api/events/" + id);
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        }, t -> t != null && t.path("event").path("status").asText().equals(status));
    }

    static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
