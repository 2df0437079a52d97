package io.finbridge.odoo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * protocol=auto asks {@code GET /web/version} once: JSON-2 for Odoo 19 (recorded) without a request to the deprecated
 * {@code /jsonrpc} or {@code /xmlrpc}; JSON-RPC for Odoo 17 (recorded), after /web/version answers 404 there.
 */
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

    private int jsonRpcVersionReads() {
        return support.odoo.countRequestsMatching(postRequestedFor(urlEqualTo("/jsonrpc"))
                .withRequestBody(containing("\"version\"")).build()).getCount();
    }

    private void verifyNothingReachedTheDeprecatedEndpoints() {
        support.odoo.verify(0, anyRequestedFor(urlEqualTo("/jsonrpc")));
        support.odoo.verify(0, anyRequestedFor(urlPathMatching("/xmlrpc.*")));
    }

    /**
     * Odoo 17's answer to /web/version: 404, as for any route it lacks. Not recorded (the 17 recordings never asked it);
     * the page is werkzeug's NotFound, which Odoo serves for unknown URLs.
     */
    private void noWebVersion() {
        support.odoo.stubFor(get(urlEqualTo("/web/version")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n"
                        + "<p>The requested URL was not found on the server.</p>\n")));
    }

    private void odoo17() {
        noWebVersion();
        support.odoo.stubFor(Recording.of("jsonrpc/001-common-version.json").stub());
        support.odoo.stubFor(Recording.of("jsonrpc/002-authenticate-ok.json").stub());
        support.odoo.stubFor(Recording.of("jsonrpc/007-partner-search-count.json").stub());
    }

    @Test
    void odoo19IsChosenThroughWebVersionWithNoRequestToJsonRpcOrXmlRpc() {
        Recording version = Recording.odoo19("001-web-version.json");
        Recording count = Recording.odoo19("021-partner-search-count.json");
        support.odoo.stubFor(version.stub());
        support.odoo.stubFor(count.stub());
        OdooClient odoo = OdooTestSupport.component(support.camel(support.configuration19("auto"))).getClient();

        for (int i = 0; i < 3; i++) {
            assertThat(odoo.executeKw("res.partner", "search_count", List.of(List.of(List.of("email", "like", "@batch.example"))), Map.of()))
                    .isEqualTo(2);
        }
        assertThat(odoo.serverVersion().major()).isEqualTo(19);
        support.odoo.verify(1, version.requested());
        support.odoo.verify(3, count.requested());
        verifyNothingReachedTheDeprecatedEndpoints();
    }

    @Test
    void theReadinessProbeOnOdoo19AsksWebVersionOnly() {
        Recording version = Recording.odoo19("001-web-version.json");
        support.odoo.stubFor(version.stub());
        OdooComponent component = OdooTestSupport.component(support.camel(support.configuration19("auto")));
        OdooReadinessProbe probe = new OdooReadinessProbe(component::getClient, Duration.ofSeconds(5));

        assertThat(probe.get()).isNull();
        assertThat(probe.get()).isNull();
        assertThat(component.getClient().version()).containsEntry("version", "19.0-20251216");
        support.odoo.verify(3, version.requested());
        verifyNothingReachedTheDeprecatedEndpoints();
    }

    @Test
    void odoo17IsSpokenToInJsonRpcAfterWebVersionAnswers404() {
        odoo17();
        OdooClient odoo = OdooTestSupport.component(support.camel("auto")).getClient();

        for (int i = 0; i < 3; i++) {
            assertThat(odoo.executeKw("res.partner", "search_count", List.of(List.of(List.of("email", "ilike", "seed"))), Map.of()))
                    .isEqualTo(12);
        }
        assertThat(odoo.serverVersion()).isEqualTo(new OdooVersion(17, 0, "17.0"));
        support.odoo.verify(1, getRequestedFor(urlEqualTo("/web/version")));
        assertThat(jsonRpcVersionReads()).isEqualTo(1);
        support.odoo.verify(0, anyRequestedFor(urlPathMatching("/json/2/.*")));
    }

    @Test
    void onceOdoo17IsKnownReadinessAsksCommonVersionNotWebVersionAgain() {
        odoo17();
        OdooClient odoo = OdooTestSupport.component(support.camel("auto")).getClient();
        assertThat(odoo.version()).containsEntry("server_serie", "17.0");
        assertThat(odoo.version()).containsEntry("server_serie", "17.0");
        support.odoo.verify(1, getRequestedFor(urlEqualTo("/web/version")));
        assertThat(jsonRpcVersionReads()).isEqualTo(2);
    }

    @Test
    void withJsonRpcChosenOnOdoo17NothingAsksWebVersion() {
        odoo17();
        OdooClient odoo = OdooTestSupport.component(support.camel("jsonrpc")).getClient();
        assertThat(odoo.version()).containsEntry("server_version", "17.0");
        assertThat(odoo.executeKw("res.partner", "search_count", List.of(List.of(List.of("email", "ilike", "seed"))), Map.of()))
                .isEqualTo(12);
        assertThat(odoo.serverVersion().major()).isEqualTo(17);
        support.odoo.verify(0, getRequestedFor(urlEqualTo("/web/version")));
        assertThat(jsonRpcVersionReads()).isEqualTo(1); // serverVersion() kept the first answer
    }

    @Test
    void aProxyErrorOnWebVersionLeavesTheChoiceOpenAndDoesNotFallBack() {
        support.odoo.stubFor(get(urlEqualTo("/web/version")).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "text/html").withBody("<html><body><h1>503 Service Unavailable</h1></body></html>")));
        OdooClient odoo = OdooTestSupport.component(support.camel(support.configuration19("auto"))).getClient();

        OdooException ex = catchThrowableOfType(OdooException.class,
                () -> odoo.executeKw("res.partner", "search_count", List.of(List.of()), Map.of()));
        assertThat(ex).isInstanceOf(OdooRetryableException.class);
        verifyNothingReachedTheDeprecatedEndpoints();

        support.odoo.resetAll();
        support.odoo.stubFor(Recording.odoo19("001-web-version.json").stub());
        support.odoo.stubFor(Recording.odoo19("021-partner-search-count.json").stub());
        assertThat(odoo.executeKw("res.partner", "search_count", List.of(List.of(List.of("email", "like", "@batch.example"))), Map.of()))
                .isEqualTo(2);
        verifyNothingReachedTheDeprecatedEndpoints();
    }
}
