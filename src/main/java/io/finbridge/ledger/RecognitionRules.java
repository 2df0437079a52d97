package io.finbridge.ledger;

import io.finbridge.mapping.reference.AccountRole;
import io.finbridge.revenue.RecognitionEntry;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A period's revenue recognition as an Odoo misc entry (Community has no deferred revenue of its own; Enterprise's
 * is not used, so the entries are the same on both): one debit of deferred revenue and one credit of revenue per
 * source line, labelled with it, dated the period's last day, in the entity's misc journal. Balanced by construction;
 * in the company's currency the amounts are the debit and credit, in another currency Odoo converts the lines'
 * {@code amount_currency} at its rate.
 */
public final class RecognitionRules {

    private RecognitionRules() {
    }

    public static Map<String, Object> entryFor(RecognitionEntry e, int journalId, int currencyId, boolean companyCurrency,
                                               Function<AccountRole, Integer> accounts) {
        List<Object> lines = new ArrayList<>();
        for (RecognitionEntry.Line l : e.lines()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("account_id", accounts.apply(l.account()));
            v.put("name", l.label() == null ? l.sourceLineRef() : l.label());
            BigDecimal signed = l.debit().amount().subtract(l.credit().amount());
            if (companyCurrency) {
                v.put("debit", l.debit().amount());
                v.put("credit", l.credit().amount());
            } else {
                v.put("currency_id", currencyId);
                v.put("amount_currency", signed);
            }
            lines.add(List.of(0, 0, v));
        }
        Map<String, Object> move = new LinkedHashMap<>();
        move.put("move_type", "entry");
        move.put("journal_id", journalId);
        move.put("date", e.date().toString());
        move.put("currency_id", currencyId);
        move.put("line_ids", lines);
        return move;
    }
}
