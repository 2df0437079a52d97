package io.finbridge.odoo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** protocol=auto reads the version once: JSON-RPC for Odoo 17 (recorded), JSON-2 for 19 and for 22 without /jsonrpc. */
class OdooAutoProtocolTest {

    private OdooTestSupport support;

    @BeforeEach
    void start() {
        support = new OdooTestSupport();
    }

    @AfterEach
    void stop() {
        support.close();
    }

    private int versionReads() {
        return support.odoo.countRequestsMatching(postRequestedFor(urlEqualTo("/jsonrpc"))
                .withRequestBody(containing("\"version\"")).build()).getCount();
    }

    private void json2Search() {
        support.odoo.stubFor(post(urlEqualTo("/json/2/res.partner/search")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody("[11, 12]")));
    }

    @Test
    void odoo17IsSpokenToInJsonRpc() {
        Recording version = Recording.of("jsonrpc/001-common-version.json");
        support.odoo.stubFor(version.stub());
        support.odoo.stubFor(Recording.of("jsonrpc/002-authenticate-ok.json").stub());
        support.odoo.stubFor(Recording.of("jsonrpc/007-partner-search-count.json").stub());
        OdooClient odoo = OdooTestSupport.component(support.camel("auto")).getClient();

        for (int i = 0; i < 3; i++) {
            assertThat(odoo.executeKw("res.partner", "search_count", List.of(List.of(List.of("email", "ilike", "seed"))), Map.of()))
                    .isEqualTo(12);
        }
        support.odoo.verify(1, version.requested());
    }

    @Test
    void odoo19IsSpokenToInJson2() {
        support.odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(containing("\"version\"")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody("{\"jsonrpc\": \"2.0\", \"id\": 1, \"result\": "
                        + "{\"server_version\": \"19.0\", \"server_version_info\": [19, 0, 0, \"final\", 0, \"\"], \"server_serie\": \"19.0\", "
                        + "\"protocol_version\": 1}}")));
        json2Search();
        OdooClient odoo = OdooTestSupport.component(support.camel("auto")).getClient();

        assertThat(odoo.executeKw("res.partner", "search", List.of(List.of()), Map.of())).isEqualTo(List.of(11, 12));
        assertThat(odoo.executeKw("res.partner", "search", List.of(List.of()), Map.of())).isEqualTo(List.of(11, 12));
        assertThat(versionReads()).isEqualTo(1);
        support.odoo.verify(0, postRequestedFor(urlEqualTo("/jsonrpc")).withRequestBody(containing("authenticate")));
    }

    @Test
    void anOdooWithoutJsonRpcIsAskedItsVersionOnWebVersion() {
        support.odoo.stubFor(post(urlEqualTo("/jsonrpc")).willReturn(aResponse().withStatus(404).withHeader("Content-Type", "text/html")
                .withBody("<!doctype html><title>404 Not Found</title>")));
        support.odoo.stubFor(get(urlEqualTo("/web/version")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"version_info\": [22, 0, 0, \"final\", 0, \"\"], \"version\": \"22.0\"}")));
        json2Search();
        OdooClient odoo = OdooTestSupport.component(support.camel("auto")).getClient();

        assertThat(odoo.executeKw("res.partner", "search", List.of(List.of()), Map.of())).isEqualTo(List.of(11, 12));
        support.odoo.verify(1, getRequestedFor(urlEqualTo("/web/version")));
    }

    @Test
    void theMajorVersionIsReadFromEveryShapeOdooGives() {
        assertThat(AutoProtocolClient.majorVersion(Map.of("server_version_info", List.of(16, 0, 0, "final", 0, "")))).isEqualTo(16);
        assertThat(AutoProtocolClient.majorVersion(Map.of("server_serie", "saas~18.3"))).isEqualTo(18);
        assertThat(AutoProtocolClient.majorVersion(Map.of("version", "19.0"))).isEqualTo(19);
    }
}
