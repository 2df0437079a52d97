package io.finbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finbridge.canonical.CanonicalRecord;
import io.finbridge.canonical.Invoice;
import io.finbridge.canonical.Subscription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions of one mapping side by side, each chosen by the event's API version (or date). */
class VersionSelectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static MappingRegistry registry;

    @BeforeAll
    static void load() {
        registry = MappingRegistry.load(Path.of("mappings"), "mappings");
    }

    private static String fixture(String source, String name) throws Exception {
        return Files.readString(GoldenFilesTest.FIXTURES.resolve(source).resolve(name + ".json"));
    }

    @Test
    void eachStripeInvoiceIsMappedByTheVersionOfItsApiVersion() throws Exception {
        Invoice old = (Invoice) registry.toCanonical("stripe", "invoice", fixture("stripe", "invoice-paid"), Map.of());
        Invoice basil = (Invoice) registry.toCanonical("stripe", "invoice", fixture("stripe", "invoice-paid-basil"), Map.of());
        assertThat(old.origin().mappingVersion()).isEqualTo(1);
        assertThat(basil.origin().mappingVersion()).isEqualTo(2);
        // the same facts read from where each API version keeps them
        assertThat(old.subscriptionRef()).isEqualTo("sub_1Oq4Zs2eZvKYlo2CwP3nMx8L");
        assertThat(basil.subscriptionRef()).isEqualTo("sub_1R2mNn4Ku8PfbEUqT5gHj6Kl");
        assertThat(old.lines().get(0).priceRef()).isEqualTo("price_1OoPro2eZvKYlo2CmonthUSD");
        assertThat(basil.lines().get(1).priceRef()).isEqualTo("price_1R0Seat4Ku8PfbEUqMonthEUR");
        assertThat(basil.lines().get(1).proration()).isTrue();
        assertThat(old.lines().get(0).taxes().get(0).included()).isFalse();
        assertThat(basil.lines().get(0).taxes().get(0).included()).isTrue();
    }

    @Test
    void theSubscriptionPeriodIsReadWhereEachVersionKeepsIt() throws Exception {
        Subscription old = (Subscription) registry.toCanonical("stripe", "subscription", fixture("stripe", "subscription-updated"), Map.of());
        Subscription basil = (Subscription) registry.toCanonical("stripe", "subscription", fixture("stripe", "subscription-updated-basil"), Map.of());
        assertThat(old.origin().mappingVersion()).isEqualTo(1);
        assertThat(basil.origin().mappingVersion()).isEqualTo(2);
        assertThat(old.currentPeriod().start()).hasToString("2024-03-01T00:00:00Z");
        assertThat(basil.currentPeriod().start()).hasToString("2025-04-01T00:00:00Z");
    }

    @Test
    void aBareObjectTakesItsApiVersionFromTheHeader() throws Exception {
        String bare = JSON.writeValueAsString(JSON.readTree(fixture("stripe", "invoice-paid-basil")).path("data").path("object"));
        CanonicalRecord r = registry.toCanonical("stripe", "invoice", bare, Map.of("api_version", "2025-03-31.basil"));
        assertThat(r.origin().mappingVersion()).isEqualTo(2);
        assertThat(r.origin().sourceId()).isEqualTo("in_1R2mNo4Ku8PfbEUq0Vw9xYz1");
    }

    @Test
    void anEventThatDoesNotSayItsVersionIsRefused() throws Exception {
        String bare = JSON.writeValueAsString(JSON.readTree(fixture("stripe", "invoice-paid")).path("data").path("object"));
        assertThatThrownBy(() -> registry.toCanonical("stripe", "invoice", bare, Map.of()))
                .isInstanceOfSatisfying(DataQualityException.class, ex -> {
                    assertThat(ex.rule()).isEqualTo("version");
                    assertThat(ex.field()).isEqualTo("apiVersion");
                    assertThat(ex.version()).isZero();
                    assertThat(ex).hasMessageContaining("$event.api_version or header api_version");
                });
    }

    @Test
    void anApiVersionNoMappingTakesIsRefused() throws Exception {
        Map<String, Object> headers = new HashMap<>(GoldenFilesTest.headers("shopify", "order-us-paid"));
        headers.put("X-Shopify-API-Version", "2023-10");
        assertThatThrownBy(() -> registry.toCanonical("shopify", "order", fixture("shopify", "order-us-paid"), headers))
                .isInstanceOfSatisfying(DataQualityException.class, ex -> {
                    assertThat(ex.rule()).isEqualTo("version");
                    assertThat(ex).hasMessageContaining("no version of the mapping takes 2023-10 (v1 2024-01..)");
                });
        ObjectNode old = (ObjectNode) JSON.readTree(fixture("stripe", "invoice-paid"));
        old.put("api_version", "2019-12-03");
        assertThatThrownBy(() -> registry.toCanonical("stripe", "invoice", JSON.writeValueAsString(old), Map.of()))
                .isInstanceOfSatisfying(DataQualityException.class, ex ->
                        assertThat(ex).hasMessageContaining("(v1 2020-08-27..2025-03-31, v2 2025-03-31..)"));
    }

    @Test
    void apiVersionsCompareByTheirNumbers() {
        assertThat(ApiVersion.compare("2025-03-31.basil", "2025-03-31")).isZero();
        assertThat(ApiVersion.compare("2024-10", "2024-07")).isPositive();
        assertThat(ApiVersion.compare("2023-10-16", "2025-03-31")).isNegative();
        assertThat(ApiVersion.compare("v59.0", "v60.0")).isNegative();
        assertThat(ApiVersion.compare("v60", "v60.0")).isZero();
        assertThat(ApiVersion.compare("10.0", "9.1")).isPositive();
    }

    @Test
    void versionsMayBeChosenByEventDate(@TempDir Path dir) throws Exception {
        TempMappings m = new TempMappings(dir);
        String head = """
                mapping: stripe-payout
                source: stripe
                object: payout
                version: %d
                produces: Payout
                select:
                  eventDate: {path: [$event.created, $.created], transform: epochSeconds}
                  %s
                scope: $.data.object
                origin:
                  sourceId: $.id
                  occurredAt: {path: $event.created, transform: epochSeconds}
                  entity: {const: us}
                fields:
                  amount: {money: {amount: $.amount, currency: $.currency, minorUnits: true}}
                  status: {const: %s}
                """;
        m.write("stripe/payout.v1.yaml", head.formatted(1, "until: 2024-03-05", "PENDING"));
        m.write("stripe/payout.v2.yaml", head.formatted(2, "from: 2024-03-05", "PAID"));
        MappingSet set = m.load();
        ObjectNode event = (ObjectNode) JSON.readTree(fixture("stripe", "payout-paid")); // created 2024-03-05T00:03:20Z
        assertThat(set.select("stripe", "payout", JsonValues.parse(event.toString()), Map.of()).version()).isEqualTo(2);
        event.put("created", 1709596799); // 2024-03-04T23:59:59Z
        assertThat(set.select("stripe", "payout", JsonValues.parse(event.toString()), Map.of()).version()).isEqualTo(1);
        assertThat(set.find("stripe", "payout", 2).orElseThrow().selects()).isEqualTo("eventDate 2024-03-05..");
    }
}
