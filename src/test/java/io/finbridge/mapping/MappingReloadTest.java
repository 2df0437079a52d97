package io.finbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.finbridge.canonical.Party;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reload swaps in a new set only when it loads whole; otherwise the previous one stays in use. */
class MappingReloadTest {

    @TempDir
    Path dir;
    private TempMappings files;
    private MappingRegistry registry;
    private String customer;
    private Map<String, Object> headers;
    private final CamelContext camel = new DefaultCamelContext();

    @BeforeEach
    void setUp() throws Exception {
        files = new TempMappings(dir).shipped("shopify/customer.v1.yaml");
        registry = MappingRegistry.load(dir, "mappings");
        customer = Files.readString(GoldenFilesTest.FIXTURES.resolve("shopify/customer-updated.json"));
        headers = GoldenFilesTest.headers("shopify", "customer-updated");
    }

    private Party map() {
        return (Party) registry.toCanonical("shopify", "customer", customer, headers);
    }

    @Test
    void aGoodChangeIsInUseAfterReload() {
        assertThat(map().role().name()).isEqualTo("CUSTOMER");
        files.write("shopify/customer.v1.yaml", files.read("shopify/customer.v1.yaml").replace("role: {const: CUSTOMER}", "role: {const: VENDOR}"));
        assertThat(registry.reload()).isTrue();
        assertThat(map().role().name()).isEqualTo("VENDOR");
    }

    @Test
    void aBrokenChangeKeepsThePreviousMappings() {
        files.write("shopify/customer.v1.yaml", files.read("shopify/customer.v1.yaml") + "\n  broken: [unclosed\n");
        assertThat(registry.reload()).isFalse();
        assertThat(map().name()).isEqualTo("María López");
        files.write("shopify/customer.v1.yaml", files.read("shopify/customer.v1.yaml").replace("role: {const: CUSTOMER}", "role: {const: PARTNER}")
                .replace("\n  broken: [unclosed\n", "\n"));
        assertThat(registry.reload()).isFalse(); // PARTNER is not a PartyRole
        assertThat(map().role().name()).isEqualTo("CUSTOMER");
    }

    @Test
    void theWatcherReloadsWhenAFileChanges() {
        MappingWatcher watcher = new MappingWatcher(registry, Duration.ofMillis(100));
        watcher.setCamelContext(camel);
        watcher.start();
        try {
            files.write("shopify/customer.v1.yaml", files.read("shopify/customer.v1.yaml").replace("role: {const: CUSTOMER}", "role: {const: VENDOR}"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(map().role().name()).isEqualTo("VENDOR"));
        } finally {
            watcher.stop();
        }
    }
}
