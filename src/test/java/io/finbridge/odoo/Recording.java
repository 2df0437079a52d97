package io.finbridge.odoo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * One real Odoo exchange as WireMock stubs that answer Odoo's recorded bytes only to the exact request Odoo received:
 * Odoo 17 over JSON-RPC and XML-RPC from {@code src/test/resources/fixtures/odoo/}, Odoo 19 (JSON-2, and its
 * deprecated JSON-RPC and XML-RPC) from {@code src/test/resources/fixtures/odoo19/}. See the README beside them.
 */
final class Recording {

    /** Stands for the recordings' {@code <api-key>}. */
    static final String API_KEY = "7e1b0c5d-test-key";
    /** Stands for the Odoo 19 recordings' {@code <wrong-api-key>} (013). */
    static final String WRONG_API_KEY = "0000000000000000000000000000000000000000";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String file;
    private final JsonNode root;

    private Recording(String file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** @param file e.g. {@code jsonrpc/006-partner-search.json} */
    static Recording of(String file) {
        return load("/fixtures/odoo/", file);
    }

    /** @param file e.g. {@code 019a-payment-create.json} */
    static Recording odoo19(String file) {
        return load("/fixtures/odoo19/", file);
    }

    private static Recording load(String dir, String file) {
        try (InputStream in = Recording.class.getResourceAsStream(dir + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + dir + file);
            }
            return new Recording(file, JSON.readTree(in));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The recorded request's HTTP method: POST, or GET for /web/version. */
    String method() {
        return root.path("request").path("method").asText("POST");
    }

    /** The model and method of a {@code /json/2/<model>/<method>} path. */
    String[] json2ModelAndMethod() {
        String[] parts = path().split("/");
        return new String[] {parts[3], parts[4]};
    }

    int status() {
        return root.path("response").path("status").asInt(200);
    }

    /** A header Odoo received, with this suite's keys for the redacted ones; null when the client did not send it. */
    String requestHeader(String name) {
        JsonNode h = root.path("request").path("headers").path(name);
        return h.isMissingNode() ? null
                : h.asText().replace("<wrong-api-key>", WRONG_API_KEY).replace("<api-key>", API_KEY);
    }

    boolean isJson2() {
        return root.path("protocol").asText().equals("JSON-2");
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
        return file.startsWith("jsonrpc/") || root.path("protocol").asText().equals("JSON-RPC");
    }

    /**
     * The exact request: byte for byte for XML-RPC; for JSON-RPC the same JSON with any request id; for JSON-2 the
     * same JSON object (Odoo reads it by name, so the order of keys is free).
     */
    StringValuePattern requestPattern() {
        if (isJson2()) {
            return equalToJson(requestBody());
        }
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

    /** The recorded status, headers and body; not Content-Length, which is the unredacted body's. */
    ResponseDefinitionBuilder response() {
        JsonNode r = root.path("response");
        ResponseDefinitionBuilder answer = aResponse().withStatus(r.path("status").asInt(200)).withBody(responseBody());
        r.path("headers").fields().forEachRemaining(h -> {
            if (!h.getKey().equalsIgnoreCase("Content-Length")) {
                answer.withHeader(h.getKey(), h.getValue().asText());
            }
        });
        return answer;
    }

    /**
     * Answers the recorded response to the recorded request; for JSON-2 also only with the recorded bearer key and
     * {@code X-Odoo-Database} header, or without them where the client sent none.
     */
    MappingBuilder stub() {
        if (!isJson2()) {
            return post(urlEqualTo(path())).withRequestBody(requestPattern()).willReturn(response());
        }
        MappingBuilder stub = request(method(), urlEqualTo(path()));
        for (String header : new String[] {"Authorization", "X-Odoo-Database"}) {
            String value = requestHeader(header);
            stub = value == null ? stub.withHeader(header, absent()) : stub.withHeader(header, equalTo(value));
        }
        if (root.path("request").has("body")) {
            stub = stub.withHeader("Content-Type", containing("application/json")).withRequestBody(requestPattern());
        }
        return stub.willReturn(response());
    }

    /** Answers the recorded response to any POST on the recorded path (for shapes of errors the client cannot cause). */
    MappingBuilder stubAnyRequest() {
        return post(urlEqualTo(path())).willReturn(response());
    }

    RequestPatternBuilder requested() {
        if (isJson2()) {
            RequestPatternBuilder p = new RequestPatternBuilder(RequestMethod.fromString(method()), urlEqualTo(path()));
            return root.path("request").has("body") ? p.withRequestBody(requestPattern()) : p;
        }
        return postRequestedFor(urlEqualTo(path())).withRequestBody(requestPattern());
    }

    @Override
    public String toString() {
        return file;
    }
}
