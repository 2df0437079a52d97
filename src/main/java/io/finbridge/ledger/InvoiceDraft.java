package io.finbridge.ledger;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A customer invoice (or credit note) ready for Odoo: the values to create it with, the totals Odoo will compute for
 * them (which the source's totals tie out with), what the trace should say (unknown SKUs, a rounding line), and, when
 * it must not be posted, why: it is then created in draft for finance and its event goes to the exception queue.
 */
public record InvoiceDraft(Map<String, Object> values, BigDecimal untaxed, BigDecimal tax, BigDecimal total, int decimals,
                           List<String> notes, List<String> unknownSkus, String holdReason) {

    public InvoiceDraft {
        notes = List.copyOf(notes);
        unknownSkus = List.copyOf(unknownSkus);
    }

    public boolean held() {
        return holdReason != null;
    }
}
