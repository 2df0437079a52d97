package io.finbridge.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The circuit's rules on their own: one trial at a time, probes that back off, and a probe that answers. */
class OdooCircuitTest {

    static final Duration NOW = Duration.ZERO;
    final AtomicReference<String> odoo = new AtomicReference<>("Connection refused");
    final AtomicInteger probes = new AtomicInteger();
    final AtomicInteger wakes = new AtomicInteger();
    OdooCircuit circuit;
    final CamelContext camel = new DefaultCamelContext();

    static InboxPolicy policy(Duration circuitOpen, Duration probeInterval, Duration probeMax) {
        return new InboxPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofHours(1), 25, Duration.ofMinutes(5),
                Duration.ofHours(24), Duration.ofSeconds(60), circuitOpen, 2, probeInterval, probeMax);
    }

    OdooCircuit start(InboxPolicy policy) {
        circuit = new OdooCircuit(policy, () -> {
            probes.incrementAndGet();
            return odoo.get();
        }, new SimpleMeterRegistry(), wakes::incrementAndGet);
        circuit.setCamelContext(camel);
        circuit.start();
        return circuit;
    }

    void open() {
        circuit.failed(NOW, new IOException("Connection reset"));
        circuit.failed(NOW, new IOException("Connection reset"));
        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @AfterEach
    void stop() {
        if (circuit != null) {
            circuit.stop();
        }
    }

    @Test
    void probesWaitLongerEachTimeUpToTheMaximumAndNeverLongerThanTheirInterval() {
        InboxPolicy p = policy(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(15));
        assertThat(p.probeWait(1, 0.0)).isEqualTo(Duration.ofMillis(2_500));
        assertThat(p.probeWait(1, 0.999_999)).isBetween(Duration.ofMillis(4_990), Duration.ofSeconds(5));
        assertThat(p.probeWait(2, 0.999_999)).isBetween(Duration.ofMillis(7_490), Duration.ofMillis(7_500));
        assertThat(p.probeWait(3, 0.5)).isEqualTo(Duration.ofMillis(8_437));
        assertThat(p.probeWait(4, 0.999_999)).isBetween(Duration.ofMillis(14_990), Duration.ofSeconds(15));
        assertThat(p.probeWait(40, 0.999_999)).isBetween(Duration.ofMillis(14_990), Duration.ofSeconds(15));
        assertThat(p.probeWait(40, 0.0)).isEqualTo(Duration.ofMillis(7_500));
    }

    @Test
    void halfOpenGrantsOneEventAtATimeUntilItSucceeds() {
        start(policy(Duration.ofMillis(200), Duration.ofMinutes(10), Duration.ofMinutes(10)));
        assertThat(circuit.permits(4)).isEqualTo(4);
        open();
        assertThat(circuit.permits(4)).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> circuit.state() == CircuitBreaker.State.HALF_OPEN);
        assertThat(circuit.permits(4)).isEqualTo(1);
        assertThat(circuit.permits(3)).as("while the trial is under way").isZero();
        circuit.succeeded(NOW);
        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(circuit.permits(4)).isEqualTo(4);
    }

    @Test
    void aFailedTrialOpensTheCircuitAgainAndAnUnusedGrantGoesToTheNextEvent() {
        start(policy(Duration.ofMillis(200), Duration.ofMinutes(10), Duration.ofMinutes(10)));
        open();
        await().atMost(Duration.ofSeconds(5)).until(() -> circuit.state() == CircuitBreaker.State.HALF_OPEN);
        assertThat(circuit.permits(4)).isEqualTo(1);
        circuit.unused(); // nothing was due
        assertThat(circuit.state()).as("circuit-open ran out, Odoo never answered: still a trial").isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(circuit.permits(4)).isEqualTo(1);
        circuit.failed(NOW, new IOException("Connection reset"));
        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void whileOpenAnAnsweringProbeLetsOneEventThroughLongBeforeCircuitOpen() {
        start(policy(Duration.ofMinutes(10), Duration.ofMillis(100), Duration.ofMillis(400)));
        open();
        await().atMost(Duration.ofSeconds(5)).until(() -> probes.get() >= 2);
        assertThat(circuit.state()).as("probes failing").isEqualTo(CircuitBreaker.State.OPEN);
        odoo.set(null);
        await().atMost(Duration.ofSeconds(5)).until(() -> circuit.state() == CircuitBreaker.State.HALF_OPEN);
        assertThat(wakes.get()).as("workers woken").isEqualTo(1);
        assertThat(circuit.permits(4)).isEqualTo(1);
        circuit.succeeded(NOW);
        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(circuit.getProbes()).as("backoff starts over").isZero();
    }

    @Test
    void aProbeThatAnsweredWithNothingDueClosesTheCircuit() {
        odoo.set(null);
        start(policy(Duration.ofMinutes(10), Duration.ofMillis(100), Duration.ofMillis(100)));
        open();
        await().atMost(Duration.ofSeconds(5)).until(() -> circuit.state() == CircuitBreaker.State.HALF_OPEN);
        assertThat(circuit.permits(4)).isEqualTo(1);
        circuit.unused();
        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void probesStopWhileTheCircuitIsClosed() throws Exception {
        start(policy(Duration.ofMinutes(10), Duration.ofMillis(50), Duration.ofMillis(50)));
        Thread.sleep(300);
        assertThat(probes.get()).isZero();
        open();
        await().atMost(Duration.ofSeconds(5)).until(() -> probes.get() >= 1);
        odoo.set(null);
        await().atMost(Duration.ofSeconds(5)).until(() -> circuit.state() == CircuitBreaker.State.HALF_OPEN);
        circuit.permits(4);
        circuit.succeeded(NOW);
        int after = probes.get();
        Thread.sleep(300);
        assertThat(probes.get()).isEqualTo(after);
    }
}
