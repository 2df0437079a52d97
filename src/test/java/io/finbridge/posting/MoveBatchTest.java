package io.finbridge.posting;

import static org.assertj.core.api.Assertions.assertThat;

import io.finbridge.odoo.OdooBusinessException;
import io.finbridge.testing.OdooUnderTest;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.TestStores;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Journal entries through the posting foundation's move route, as a flow hands them over: Odoo takes a batch all or
 * nothing (an unbalanced entry fails the whole create, FACTS: 057, 075), so the route halves it until only the bad
 * entry is left.
 */
class MoveBatchTest {

    private OdooUnderTest odoo;
    private RuntimeFixture fb;

    @BeforeEach
    void start() throws Exception {
        odoo = OdooUnderTest.start();
        Map<String, String> s = odoo.settings(RuntimeFixture.baseline("prod", TestStores.h2()));
        s.put("finbridge.console.enabled", "false");
        s.put("finbridge.posting.batch-size", "50");
        s.put("finbridge.posting.batch-timeout", "2s");
        fb = RuntimeFixture.start(s);
    }

    @AfterEach
    void stop() {
        fb.close();
        odoo.close();
    }

    @Test
    void aBatchOfFiftyWithOneUnbalancedEntryPostsFortyNineAndFailsThatOneWithOdoosMessage() throws Exception {
        ProducerTemplate template = fb.runtime().camelContext().createProducerTemplate();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<Exchange>> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Posting p = entry("settlement-" + i, new BigDecimal("100.00"), i == 17 ? new BigDecimal("95.00") : new BigDecimal("100.00"));
            sent.add(pool.submit(() -> template.request("direct:moves-to-odoo", e -> e.getMessage().setBody(p))));
        }
        List<Posting> posted = new ArrayList<>();
        List<Exchange> failed = new ArrayList<>();
        for (Future<Exchange> f : sent) {
            Exchange e = f.get();
            if (e.getException() == null) {
                posted.add(e.getMessage().getBody(Posting.class));
            } else {
                failed.add(e);
            }
        }
        pool.shutdown();

        assertThat(posted).hasSize(49).allSatisfy(p -> {
            assertThat(p.outcome()).isEqualTo(Posting.Outcome.CREATED);
            assertThat(p.odooState()).isEqualTo("posted");
        });
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).getException()).isInstanceOf(OdooBusinessException.class).hasMessageContaining("is not balanced");
        assertThat(odoo.simulator().records("account.move")).hasSize(49)
                .allSatisfy(m -> assertThat(m).containsEntry("state", "posted"))
                .noneSatisfy(m -> assertThat(m).containsEntry("ref", "test:settlement:settlement-17"));
        // one create of 50, then halves of halves down to the bad entry; one read and one action_post for the 49
        assertThat(odoo.count("account.move", "create")).isBetween(3, 2 * 6 + 1);
        assertThat(odoo.calls("account.move", "create").get(0).getBodyAsString()).contains("settlement-0", "settlement-49");
        assertThat(odoo.count("account.move", "action_post")).isEqualTo(1);
        assertThat(odoo.count("account.move", "read")).isEqualTo(1);
        assertThat(odoo.count("account.move", "search_read")).as("keys never tried before are not searched").isZero();
    }

    @Test
    void anEntrySentAgainIsFoundByTheBinderAndNotPostedTwice() throws Exception {
        ProducerTemplate template = fb.runtime().camelContext().createProducerTemplate();
        Exchange first = template.request("direct:moves-to-odoo", e -> e.getMessage().setBody(entry("again", BigDecimal.TEN, BigDecimal.TEN)));
        Exchange second = template.request("direct:moves-to-odoo", e -> e.getMessage().setBody(entry("again", BigDecimal.TEN, BigDecimal.TEN)));

        assertThat(first.getException()).isNull();
        assertThat(second.getException()).isNull();
        Posting p = second.getMessage().getBody(Posting.class);
        assertThat(p.outcome()).isEqualTo(Posting.Outcome.UNCHANGED);
        assertThat(p.odooId()).isEqualTo(first.getMessage().getBody(Posting.class).odooId());
        assertThat(odoo.count("account.move", "create")).isEqualTo(1);
        assertThat(odoo.count("account.move", "action_post")).isEqualTo(1);
    }

    @Test
    void anEntryFoundAgainInDraftWhoseBindingTheStoreRefusesFailsInsteadOfPassingForPosted() throws Exception {
        // the store refuses the binding after Odoo's answer (a source version longer than its column): the entry is in
        // Odoo, in draft, and bound nowhere; the next attempt finds it by its natural key and must still post it
        String tooLong = "2026-11-30T00:00:00Z and far more than the column takes";
        ProducerTemplate template = fb.runtime().camelContext().createProducerTemplate();
        Exchange first = template.request("direct:moves-to-odoo", e -> e.getMessage().setBody(entry("refused", tooLong)));
        Exchange again = template.request("direct:moves-to-odoo", e -> e.getMessage().setBody(entry("refused", tooLong)));

        assertThat(first.getException()).isNotNull();
        assertThat(odoo.count("account.move", "search_read")).as("the key was tried before: searched").isEqualTo(1);
        assertThat(odoo.simulator().records("account.move")).singleElement().satisfies(m -> assertThat(m).containsEntry("state", "draft"));
        assertThat(again.getException()).as("found again, neither bound nor posted: the event is retried, not done").isNotNull();
    }

    private static Posting entry(String id, String sourceVersion) {
        Posting p = entry(id, BigDecimal.TEN, BigDecimal.TEN);
        return Posting.to(p.model(), p.key()).values(p.values()).sourceVersion(sourceVersion).posted().build();
    }

    private static Posting entry(String id, BigDecimal debit, BigDecimal credit) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("move_type", "entry");
        v.put("journal_id", 3);
        v.put("date", "2026-11-30");
        v.put("line_ids", List.of(
                List.of(0, 0, Map.of("account_id", 41, "name", "payout " + id, "debit", debit, "credit", 0)),
                List.of(0, 0, Map.of("account_id", 40, "name", "payout " + id, "debit", 0, "credit", credit))));
        return Posting.to("account.move", new BindingKey("test", "settlement", id, "us")).values(v).posted().build();
    }
}
