package io.finbridge.odoo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * One real Odoo 17 exchange from {@code src/test/resources/fixtures/odoo/} (copied from ../shared/odoo17/recordings),
 * as WireMock stubs that answer Odoo's recorded bytes only to the exact request Odoo received.
 */
final class Recording {

    /** Stands for the recordings' {@code <api-key>}. */
    static final String API_KEY = "7e1b0c5d-test-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String file;
    private final JsonNode root;

    private Recording(String file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** @param file e.g. {@code jsonrpc/006-partner-search.json} */
    static Recording of(String file) {
        try (InputStream in = Recording.class.getResourceAsStream("/fixtures/odoo/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + file);
            }
            return new Recording(file, JSON.readTree(in));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    String path() {
        return root.path("request").path("path").asText();
    }

    /** The request Odoo received, with the API key this test suite uses. */
    String requestBody() {
        return root.path("request").path("body").asText().replace("<api-key>", API_KEY);
    }

    String responseBody() {
        return root.path("response").path("body").asText();
    }

    boolean isJsonRpc() {
        return file.startsWith("jsonrpc/");
    }

    /** The exact request: byte for byte for XML-RPC; for JSON-RPC the same JSON with any request id. */
    StringValuePattern requestPattern() {
        if (!isJsonRpc()) {
            return equalTo(requestBody());
        }
        try {
            ObjectNode request = (ObjectNode) JSON.readTree(requestBody());
            request.put("id", "${json-unit.any-number}");
            return equalToJson(JSON.writeValueAsString(request));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    ResponseDefinitionBuilder response() {
        JsonNode r = root.path("response");
        return aResponse().withStatus(r.path("status").asInt(200))
                .withHeader("Content-Type", r.path("headers").path("Content-Type").asText())
                .withBody(responseBody());
    }

    /** Answers the recorded response to the recorded request. */
    MappingBuilder stub() {
        return post(urlEqualTo(path())).withRequestBody(requestPattern()).willReturn(response());
    }

    /** Answers the recorded response to any request on the recorded path (for shapes of errors). */
    MappingBuilder stubAnyRequest() {
        return post(urlEqualTo(path())).willReturn(response());
    }

    RequestPatternBuilder requested() {
        return postRequestedFor(urlEqualTo(path())).withRequestBody(requestPattern());
    }

    @Override
    public String toString() {
        return file;
    }
}
