package io.finbridge.odoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OdooVersionTest {

    @Test
    void webVersionOfOdoo19IsRead() {
        // recordings/001: GET /web/version
        OdooVersion v = OdooVersion.of(Map.of("version_info", List.of(19, 0, 0, "final", 0, ""), "version", "19.0-20251216"));
        assertThat(v).isEqualTo(new OdooVersion(19, 0, "19.0-20251216"));
        assertThat(v.hasJson2()).isTrue();
    }

    @Test
    void commonVersionOfOdoo17IsRead() {
        OdooVersion v = OdooVersion.of(Map.of("server_version", "17.0", "server_version_info", List.of(17, 0, 0, "final", 0, ""),
                "server_serie", "17.0", "protocol_version", 1));
        assertThat(v.major()).isEqualTo(17);
        assertThat(v.minor()).isZero();
        assertThat(v.hasJson2()).isFalse();
        assertThat(v).hasToString("17.0");
    }

    @Test
    void anOdooOnlineReleaseKeepsItsMinor() {
        // Odoo Online: version_info starts with the text "saas~18"
        OdooVersion v = OdooVersion.of(Map.of("server_version_info", List.of("saas~18", 3, 0, "final", 0, ""), "server_serie", "saas~18.3"));
        assertThat(v.major()).isEqualTo(18);
        assertThat(v.minor()).isEqualTo(3);
        assertThat(v.atLeast(18, 1)).isTrue();
        assertThat(OdooVersion.of(18, 0).atLeast(18, 1)).isFalse();
        assertThat(OdooVersion.of(Map.of("server_serie", "saas~18.2"))).isEqualTo(new OdooVersion(18, 2, "saas~18.2"));
    }

    @Test
    void anAnswerWithoutAVersionIsAConfigurationError() {
        assertThatThrownBy(() -> OdooVersion.of(Map.of("hello", "world"))).isInstanceOf(OdooServerException.class)
                .hasMessageContaining("finbridge.odoo.protocol");
    }
}
