package io.finbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    private static Settings load(Map<String, String> env) {
        return Settings.load(env, new Properties(), Map.of());
    }

    @Test
    void environmentVariableOverridesTheDefaultUnderItsDocumentedName() {
        Settings s = load(Map.of("FINBRIDGE_PROFILE", "sandbox", "FINBRIDGE_HTTP_PORT", "9191", "FINBRIDGE_ODOO_API_KEY", "k-123456"));
        assertThat(s.getInt("finbridge.http.port", 0)).isEqualTo(9191);
        assertThat(s.get("finbridge.odoo.api-key")).isEqualTo("k-123456");
    }

    @Test
    void unknownKeysFromTheEnvironmentMapUnderscoresToDots() {
        Settings s = load(Map.of("FINBRIDGE_PROFILE", "sandbox", "FINBRIDGE_WEBHOOKS_ACME_TOKEN", "t0k3n-acme"));
        assertThat(s.get("finbridge.webhooks.acme.token")).isEqualTo("t0k3n-acme");
    }

    @Test
    void profileFileAppliesOverDefaultsAndEnvironmentOverBoth() {
        Settings sandbox = load(Map.of("FINBRIDGE_PROFILE", "sandbox"));
        assertThat(sandbox.get("finbridge.store.url")).isEqualTo("jdbc:h2:file:./data/sandbox");
        Settings env = load(Map.of("FINBRIDGE_PROFILE", "sandbox", "FINBRIDGE_STORE_URL", "jdbc:h2:mem:x"));
        assertThat(env.get("finbridge.store.url")).isEqualTo("jdbc:h2:mem:x");
    }

    @Test
    void anOdooUrlAloneSelectsProd() {
        assertThat(load(Map.of("FINBRIDGE_ODOO_URL", "https://erp.example.com")).profile()).isEqualTo(Profile.PROD);
    }

    @Test
    void noProfileAndNoOdooExplainsHowToChoose() {
        assertThatThrownBy(() -> load(Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("FINBRIDGE_PROFILE=sandbox")
                .hasMessageContaining("FINBRIDGE_PROFILE=prod");
    }

    @Test
    void unknownProfileIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> load(Map.of("FINBRIDGE_PROFILE", "staging")))
                .hasMessageContaining("staging").hasMessageContaining("dev, sandbox, prod");
    }

    @Test
    void aSecretCanBeReadFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("odoo_api_key");
        Files.writeString(file, "file-secret-9921\n");
        Settings s = load(Map.of("FINBRIDGE_PROFILE", "sandbox", "FINBRIDGE_ODOO_API_KEY_FILE", file.toString()));
        assertThat(s.get("finbridge.odoo.api-key")).isEqualTo("file-secret-9921");
    }

    @Test
    void anUnreadableSecretFileNamesThePathButNotAContent() {
        assertThatThrownBy(() -> load(Map.of("FINBRIDGE_PROFILE", "sandbox", "FINBRIDGE_CONSOLE_PASSWORD_FILE", "/no/such/file")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("finbridge.console.password").hasMessageContaining("/no/such/file");
    }

    @Test
    void secretsAreNeitherPlaceholdersNorDescribed() {
        Settings s = load(Map.of("FINBRIDGE_PROFILE", "sandbox", "FINBRIDGE_ODOO_API_KEY", "never-print-4471",
                "FINBRIDGE_WEBHOOKS_STRIPE_SECRET", "whsec_never_4471"));
        assertThat(s.placeholders().values()).doesNotContain("never-print-4471", "whsec_never_4471");
        assertThat(s.describe()).doesNotContain("never-print-4471").doesNotContain("whsec_never_4471")
                .contains("finbridge.odoo.api-key = (set)");
        assertThat(s.secretValues()).contains("never-print-4471", "whsec_never_4471");
    }

    @Test
    void durationsReadInTheUsualUnits() {
        assertThat(Settings.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Settings.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Settings.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Settings.parseDuration("PT2H")).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void anInvalidNumberNamesTheSetting() {
        Settings s = load(Map.of("FINBRIDGE_PROFILE", "sandbox", "FINBRIDGE_HTTP_PORT", "eighty"));
        assertThatThrownBy(() -> s.getInt("finbridge.http.port", 8080)).hasMessageContaining("finbridge.http.port").hasMessageContaining("eighty");
    }

    @Test
    void undeclaredSettingsKeepTheirDashesAndTakeFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("acme_token");
        Files.writeString(file, "acme-from-file-7781");
        Settings s = load(Map.of("FINBRIDGE_PROFILE", "sandbox", "FINBRIDGE_WEBHOOKS_ACME_PREVIOUS_TOKEN", "old-acme-7781",
                "FINBRIDGE_WEBHOOKS_ACME_TOKEN_FILE", file.toString(), "FINBRIDGE_WEBHOOKS_ACME_DEDUPE_PATH", "$.id",
                "FINBRIDGE_WEBHOOKS_STRIPE_SECRET_FILE", file.toString()));
        assertThat(s.get("finbridge.webhooks.acme.previous-token")).isEqualTo("old-acme-7781");
        assertThat(s.get("finbridge.webhooks.acme.token")).isEqualTo("acme-from-file-7781");
        assertThat(s.get("finbridge.webhooks.acme.dedupe-path")).isEqualTo("$.id");
        assertThat(s.get("finbridge.webhooks.stripe.secret")).isEqualTo("acme-from-file-7781");
    }
}
