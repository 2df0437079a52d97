package io.finbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** An operator action is recorded under the user who logged in, never under a default name. */
class OperatorActorTest {

    @Test
    void anActionWithoutAnAuthenticatedUserIsRefusedNotRecordedAsOperator() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(camel);
            exchange.getMessage().setHeader("id", "1");
            exchange.getMessage().setBody("{\"reason\":\"no login\"}");
            // the queue is never reached: were it, the null would fail this test
            new ExceptionsApi(null, () -> { }).discard(exchange);
            assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(401);
            assertThat(exchange.getMessage().getBody(String.class)).contains("unauthenticated");
        }
    }
}
