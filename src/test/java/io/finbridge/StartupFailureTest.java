package io.finbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.finbridge.config.ConfigurationException;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime refuses to start when it should, and says why in terms an operator can act on. */
class StartupFailureTest {

    @Test
    void aMalformedYamlRouteFailsStartUpWithItsFileAndLine(@TempDir Path dir) throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes/flows"));
        Files.writeString(routes.resolve("broken-flow.yaml"), """
                - route:
                    id: broken-flow
                    from:
                      uri: timer:tick
                      steps:
                        - log: [unclosed
                """);
        Map<String, String> s = RuntimeFixture.baseline("sandbox", TestStores.h2());
        s.put("finbridge.routes.location", dir.resolve("routes").toString());
        Throwable failure = catchThrowable(() -> RuntimeFixture.start(s).close());
        assertThat(failure).isNotNull();
        String explained = StartupFailure.explain(failure);
        assertThat(explained).contains("broken-flow.yaml").containsPattern("line \\d+");
    }

    @Test
    void aRouteWithAnUnknownStepNamesTheFile(@TempDir Path dir) throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("typo-flow.yaml"), """
                - route:
                    id: typo-flow
                    from:
                      uri: timer:tick
                      steps:
                        - lgo: "hello"
                """);
        Map<String, String> s = RuntimeFixture.baseline("sandbox", TestStores.h2());
        s.put("finbridge.routes.location", routes.toString());
        Throwable failure = catchThrowable(() -> RuntimeFixture.start(s).close());
        assertThat(StartupFailure.explain(failure)).contains("typo-flow.yaml");
    }

    @Test
    void aMissingRoutesFolderIsNamed() {
        Map<String, String> s = RuntimeFixture.baseline("sandbox", TestStores.h2());
        s.put("finbridge.routes.location", "/no/such/routes");
        assertThatThrownBy(() -> RuntimeFixture.start(s)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("/no/such/routes");
    }

    @Test
    void sandboxRefusesARealOdooUrl() {
        Map<String, String> s = RuntimeFixture.baseline("sandbox", TestStores.h2());
        s.put("finbridge.odoo.url", "https://erp.example.com");
        assertThatThrownBy(() -> RuntimeFixture.start(s)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("sandbox").hasMessageContaining("FINBRIDGE_ODOO_URL");
    }

    @Test
    void prodListsEverySettingItLacks() {
        Map<String, String> s = RuntimeFixture.baseline("prod", TestStores.h2());
        s.remove("finbridge.console.password");
        assertThatThrownBy(() -> RuntimeFixture.start(s)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("FINBRIDGE_ODOO_URL").hasMessageContaining("FINBRIDGE_ODOO_API_KEY")
                .hasMessageContaining("FINBRIDGE_CONSOLE_PASSWORD");
    }
}
