package io.finbridge.odoo.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * The benchmark's Odoo, in a process of its own so that the benchmark can measure its own CPU: WireMock answering
 * search_read with the recorded Odoo 17 answer (JSON-RPC, XML-RPC, and the same records over JSON-2) after a fixed
 * delay. Prints {@code PORT <n>} and runs until its standard input closes.
 */
public final class OdooBenchmarkServer {

    private OdooBenchmarkServer() {
    }

    public static void main(String[] args) throws Exception {
        Configurator.setRootLevel(Level.WARN);
        int delay = Integer.parseInt(args[0]);
        WireMockServer odoo = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(80).jettyAcceptors(1).disableRequestJournal().stubRequestLoggingDisabled(true));
        odoo.start();
        odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(containing("authenticate"))
                .willReturn(answer("application/json", recorded("jsonrpc/002-authenticate-ok.json"))));
        odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(containing("execute_kw"))
                .willReturn(answer("application/json", recorded("jsonrpc/008-partner-search-read.json")).withFixedDelay(delay)));
        odoo.stubFor(post(urlEqualTo("/xmlrpc/2/common"))
                .willReturn(answer("text/xml", recorded("xmlrpc/002-authenticate-ok.xml.json"))));
        odoo.stubFor(post(urlEqualTo("/xmlrpc/2/object"))
                .willReturn(answer("text/xml", recorded("xmlrpc/008-partner-search-read.xml.json")).withFixedDelay(delay)));
        ObjectMapper json = new ObjectMapper();
        String records = json.writeValueAsString(json.readTree(recorded("jsonrpc/008-partner-search-read.json")).get("result"));
        odoo.stubFor(post(urlPathMatching("/json/2/.*")).willReturn(answer("application/json", records).withFixedDelay(delay)));
        System.out.println("PORT " + odoo.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // runs until the benchmark closes our standard input
        }
        odoo.stop();
    }

    private static ResponseDefinitionBuilder answer(String type, String body) {
        return aResponse().withHeader("Content-Type", type + "; charset=utf-8").withBody(body.getBytes(StandardCharsets.UTF_8));
    }

    static String recorded(String file) throws Exception {
        try (InputStream in = OdooBenchmarkServer.class.getResourceAsStream("/fixtures/odoo/" + file)) {
            return new ObjectMapper().readTree(in).path("response").path("body").asText();
        }
    }
}
