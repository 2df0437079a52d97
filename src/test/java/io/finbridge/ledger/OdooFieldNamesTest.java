package io.finbridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OdooFieldNamesTest {

    @ParameterizedTest(name = "Odoo {0}.{1}: {2}")
    @CsvSource({"16, 0, ref", "17, 0, ref", "18, 0, memo", "18, 3, memo", "19, 0, memo", "20, 0, memo"})
    void thePaymentReferenceIsRefUpTo17AndMemoFrom18(int major, int minor, String field) {
        assertThat(OdooFieldNames.forVersion(major, minor).paymentReference()).isEqualTo(field);
    }

    @ParameterizedTest(name = "Odoo {0}.{1}: {2}")
    @CsvSource({"17, 0, groups_id", "18, 0, groups_id", "18, 1, group_ids", "18, 4, group_ids", "19, 0, group_ids"})
    void usersGroupsAreGroupIdsFromSaas181(int major, int minor, String field) {
        assertThat(OdooFieldNames.forVersion(major, minor).userGroups()).isEqualTo(field);
    }

    @Test
    void aPostedPaymentIsPostedIn17AndInProcessOrPaidFrom18() {
        assertThat(OdooFieldNames.forVersion(17).postedPaymentStates()).containsExactly("posted");
        // the Odoo 19 recording reads state in_process right after action_post
        assertThat(OdooFieldNames.forVersion(19).postedPaymentStates()).containsExactly("in_process", "paid");
    }

    @Test
    void theJournalEntrysPaymentIsOriginPaymentIdFrom18() {
        assertThat(OdooFieldNames.forVersion(17).movePayment()).isEqualTo("payment_id");
        assertThat(OdooFieldNames.forVersion(19).movePayment()).isEqualTo("origin_payment_id");
    }

    @Test
    void accountsOfACompanyAreSearchedByCompanyIdIn17AndCompanyIdsFrom18() {
        assertThat(OdooFieldNames.forVersion(17).accountOfCompany(2)).isEqualTo(List.of("company_id", "=", 2));
        assertThat(OdooFieldNames.forVersion(19).accountOfCompany(2)).isEqualTo(List.of("company_ids", "in", List.of(2)));
    }

    @Test
    void lockDatesFollowTheJournalTypeFrom18() {
        OdooFieldNames v17 = OdooFieldNames.forVersion(17);
        OdooFieldNames v19 = OdooFieldNames.forVersion(19);
        assertThat(v17.lockDates("sale")).containsExactly("fiscalyear_lock_date", "period_lock_date");
        assertThat(v17.lockDates("general")).isEqualTo(v17.lockDates("sale"));
        assertThat(v19.lockDates("sale")).contains("sale_lock_date", "hard_lock_date", "fiscalyear_lock_date")
                .doesNotContain("period_lock_date", "purchase_lock_date");
        assertThat(v19.lockDates("purchase")).contains("purchase_lock_date").doesNotContain("sale_lock_date");
        assertThat(v19.lockDates("general")).containsExactly("fiscalyear_lock_date", "hard_lock_date");
    }

    @Test
    void theTaxLabelOnInvoicesIsInvoiceLabelFrom18() {
        assertThat(OdooFieldNames.forVersion(17).taxInvoiceLabel()).isEqualTo("description");
        assertThat(OdooFieldNames.forVersion(19).taxInvoiceLabel()).isEqualTo("invoice_label");
    }

    @Test
    void aVersionOlderThanFinbridgeSupportsIsRefused() {
        assertThatThrownBy(() -> OdooFieldNames.forVersion(15)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 and later");
    }
}
