package io.finbridge.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.finbridge.audit.AuditEntry;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The trail of one attempt stays bounded however many endpoints a flow calls. */
class FlowTrailTest {

    @Test
    void aFlowCallingThousandsOfEndpointsKeepsTwoHundredStagesAndCountsTheRest() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getManagementStrategy().addEventNotifier(new FlowTrail());
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:payout").loop(5000).to("direct:line").end();
                    from("direct:line").setHeader("line", constant(1));
                }
            });
            camel.start();
            Exchange exchange = new DefaultExchange(camel);
            exchange.getMessage().setHeader(InboxDispatcher.INBOX_ID, 7L);
            List<AuditEntry> trail = FlowTrail.start(exchange);

            camel.createProducerTemplate().send("direct:payout", exchange);

            assertThat(trail.stream().filter(e -> e.kind().equals("STAGE"))).hasSize(FlowTrail.MAX_STAGES);
            AuditEntry omitted = trail.stream().filter(e -> e.kind().equals("STAGES_OMITTED")).findFirst().orElseThrow();
            // the loop's 5,000 sends and the send to the flow itself
            assertThat(omitted.detail().get("stages")).isEqualTo(5000L + 1 - FlowTrail.MAX_STAGES);
            assertThat(trail).hasSize(FlowTrail.MAX_STAGES + 1);
        }
    }
}
