package io.finbridge.mapping.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finbridge.canonical.Address;
import io.finbridge.canonical.Money;
import io.finbridge.canonical.Origin;
import io.finbridge.canonical.Party;
import io.finbridge.canonical.PartyRole;
import io.finbridge.canonical.VendorBill;
import io.finbridge.mapping.MappingRegistry;
import io.finbridge.mapping.OwnershipViolation;
import io.finbridge.store.Store;
import java.nio.file.Path;
import io.finbridge.testing.TestStores;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped ownership.yaml applied: non-owners refused with a reason, the newer owner change wins (H2 and PostgreSQL). */
class OwnershipTest {

    private static MappingRegistry mappings;
    private Store store;
    private String pgUrl;

    @BeforeAll
    static void load() {
        mappings = MappingRegistry.load(Path.of("mappings"), "mappings");
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
        if (pgUrl != null) {
            TestStores.dropPostgresSchema(pgUrl);
        }
    }

    static Stream<String> databases() {
        return Stream.of("h2", "postgresql");
    }

    private OwnershipGuard guard(String database) throws Exception {
        if (database.equals("h2")) {
            store = Store.open(TestStores.h2(), "", "", 4);
        } else {
            pgUrl = TestStores.postgresSchema();
            store = Store.open(pgUrl, TestStores.PG_USER, "", 4);
        }
        return new OwnershipGuard(mappings, store, Clock.systemUTC());
    }

    private static Party party(String source, String id, String at, String name, String email, String vat) {
        return new Party(new Origin(source, id, "eu", Instant.parse(at), source + "-customer", 1), PartyRole.CUSTOMER, name, name,
                email == null ? List.of() : List.of(email), null, vat, null, new Address("Torstraße 109", null, "Berlin", null, "10119", "DE"),
                new Address("Torstraße 109", "Hinterhaus", "Berlin", null, "10119", "DE"), "EUR");
    }

    private static Ownership ownership() {
        return mappings.current().ownership();
    }

    @Test
    void theCrmOwnsCustomerMasterData() {
        Ownership.Decision d = ownership().decide(party("hubspot", "18639264835", "2024-03-05T09:30:12Z", "Weber Design GmbH", null, "DE298765432"), true);
        assertThat(d.object()).isEqualTo("customer");
        assertThat(d.refused()).containsOnlyKeys("currency");
        assertThat(d.accepted()).contains("name", "emails", "vat", "billingAddress", "shippingAddress");
    }

    @Test
    void aShopCannotChangeAnExistingCustomersMasterDataButItsShippingAddress() {
        Ownership.Decision d = ownership().decide(party("shopify", "7390123450001", "2024-03-05T10:00:00Z", "Jonas Weber", "jonas@weber-design.de", null), true);
        assertThat(d.accepted()).containsExactly("shippingAddress");
        assertThat(d.refused()).containsEntry("name", "customer.name is owned by crm [hubspot, salesforce], not shopify")
                .containsKeys("emails", "vat", "billingAddress");
        assertThat(d.creates()).isFalse();
    }

    @Test
    void aShopMayCreateACustomerNobodyHasYet() {
        Ownership.Decision d = ownership().decide(party("shopify", "7390123450001", "2024-03-05T10:00:00Z", "Jonas Weber", "jonas@weber-design.de", null), false);
        // at creation the creator writes every field; from then on the owners do
        assertThat(d.refused()).isEmpty();
        assertThat(d.creates()).isTrue();
    }

    @Test
    void billingOwnsTheCustomersCurrencyOnly() {
        Ownership.Decision d = ownership().decide(party("stripe", "cus_PfbWeberDesign04", "2025-03-26T14:40:00Z", "Weber Design GmbH",
                "accounts@weber-design.de", "DE298765432"), true);
        assertThat(d.accepted()).containsExactly("currency");
    }

    @Test
    void accountingEntriesAndBillsBelongToOdoo() {
        VendorBill bill = new VendorBill(new Origin("stripe", "in_x", "us", Instant.parse("2024-03-01T00:00:00Z"), "x", 1), "acct",
                "B-1", null, null, List.of(), null, Money.of("10.00", "USD"));
        Ownership.Decision d = ownership().decide(bill, false);
        assertThat(d.accepted()).isEmpty();
        assertThat(d.refused().get("total")).isEqualTo("vendor-bill.total is owned by odoo [odoo], not stripe");
        assertThat(ownership().object("accounting-entry").orElseThrow().owners()).containsExactly("odoo");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theNewerOwnerChangeWinsAndALateOlderOneIsRefused(String database) throws Exception {
        OwnershipGuard guard = guard(database);
        String partner = "res.partner/41";

        Admission hubspot = guard.admit(party("hubspot", "18639264835", "2024-03-05T09:30:12Z", "Weber Design GmbH", null, "DE298765432"), partner, true);
        Admission lateSalesforce = guard.admit(party("salesforce", "001Dn00000Qx7aHIAR", "2024-03-05T09:00:00Z", "Weber Design", null, "DE111"),
                partner, true);
        Admission newerSalesforce = guard.admit(party("salesforce", "001Dn00000Qx7aHIAR", "2024-03-06T08:00:00Z", "Weber Design AG", null,
                "DE298765432"), partner, true);

        assertThat(hubspot.accepted()).contains("name", "vat");
        assertThat(lateSalesforce.accepted()).isEmpty();
        assertThat(lateSalesforce.refused().get("name"))
                .isEqualTo("stale: hubspot changed customer.name at 2024-03-05T09:30:12Z, after this change of 2024-03-05T09:00:00Z");
        assertThat(newerSalesforce.accepted()).contains("name", "vat");
    }

    @Test
    void aWriteThatMayChangeNothingIsAViolationWithEveryReason() throws Exception {
        OwnershipGuard guard = guard("h2");
        VendorBill bill = new VendorBill(new Origin("stripe", "in_x", "us", Instant.parse("2024-03-01T00:00:00Z"), "x", 1), "acct",
                "B-1", null, null, List.of(), null, Money.of("10.00", "USD"));
        assertThatThrownBy(() -> guard.require(bill, "account.move/7", true))
                .isInstanceOfSatisfying(OwnershipViolation.class, v -> {
                    assertThat(v.object()).isEqualTo("vendor-bill");
                    assertThat(v.key()).isEqualTo("account.move/7");
                    assertThat(v.refused()).containsEntry("total", "vendor-bill.total is owned by odoo [odoo], not stripe");
                });
        assertThat(guard.require(party("hubspot", "1", "2024-03-05T09:30:12Z", "Weber", null, null), "res.partner/41", true)
                .accepts("name")).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aReplayedChangeIsAdmittedAgainAndANonOwnerLeavesNoMark(String database) throws Exception {
        OwnershipGuard guard = guard(database);
        Party change = party("hubspot", "18639264835", "2024-03-05T09:30:12Z", "Weber Design GmbH", null, "DE298765432");
        assertThat(guard.admit(change, "res.partner/41", true).accepted()).contains("name");
        assertThat(guard.admit(change, "res.partner/41", true).accepted()).contains("name");

        Admission shop = guard.admit(party("shopify", "7390123450001", "2024-03-07T10:00:00Z", "Jonas Weber", "jonas@weber-design.de", null),
                "res.partner/41", true);
        assertThat(shop.accepted()).containsExactly("shippingAddress");
        // the shop's refusal did not move the CRM's watermark: an older CRM change is still compared with the CRM's own
        Admission crm = guard.admit(party("salesforce", "001Dn00000Qx7aHIAR", "2024-03-06T08:00:00Z", "Weber Design AG", null, null),
                "res.partner/41", true);
        assertThat(crm.accepted()).contains("name").doesNotContain("shippingAddress");
        assertThat(crm.refused().get("shippingAddress")).startsWith("stale: shopify changed customer.shippingAddress at 2024-03-07T10:00:00Z");
    }
}
