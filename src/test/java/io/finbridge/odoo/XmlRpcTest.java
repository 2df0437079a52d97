package io.finbridge.odoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** XML-RPC written as Python's xmlrpc.client writes it and Odoo's answers read into plain Java, money as BigDecimal. */
class XmlRpcTest {

    /** {@code xmlrpc.client.dumps((True, False, 7, 19.99, 100.0, "a<b&c> é", b"...", DateTime(...), {...}, None), ...)}. */
    private static final String PYTHON = "<?xml version='1.0'?>\n<methodCall>\n<methodName>execute_kw</methodName>\n<params>\n"
            + "<param>\n<value><boolean>1</boolean></value>\n</param>\n<param>\n<value><boolean>0</boolean></value>\n</param>\n"
            + "<param>\n<value><int>7</int></value>\n</param>\n<param>\n<value><double>19.99</double></value>\n</param>\n"
            + "<param>\n<value><double>100.0</double></value>\n</param>\n<param>\n<value><string>a&lt;b&amp;c&gt; é</string></value>\n"
            + "</param>\n<param>\n<value><base64>\nRmluYnJpZGdlIHBheXMgdGhlIGJpbGxzIEZpbmJyaWRnZSBwYXlzIHRoZSBiaWxscyBGaW5icmlk\n"
            + "Z2UgcGF5cyB0aGUgYmlsbHMgRmluYnJpZGdlIHBheXMgdGhlIGJpbGxzIA==\n</base64></value>\n</param>\n<param>\n"
            + "<value><dateTime.iso8601>20261120T10:30:05</dateTime.iso8601></value>\n</param>\n<param>\n<value><struct>\n<member>\n"
            + "<name>lines</name>\n<value><array><data>\n<value><array><data>\n<value><int>0</int></value>\n<value><int>0</int></value>\n"
            + "<value><struct>\n<member>\n<name>price_unit</name>\n<value><double>4.99</double></value>\n</member>\n</struct></value>\n"
            + "</data></array></value>\n</data></array></value>\n</member>\n<member>\n<name>empty</name>\n<value><array><data>\n"
            + "</data></array></value>\n</member>\n</struct></value>\n</param>\n<param>\n<value><nil/></value></param>\n</params>\n"
            + "</methodCall>\n";

    @Test
    void everyTypeIsWrittenAsPythonWritesIt() {
        Map<String, Object> vals = new LinkedHashMap<>();
        vals.put("lines", List.of(List.of(0, 0, Map.of("price_unit", new BigDecimal("4.99")))));
        vals.put("empty", List.of());
        java.util.List<Object> params = new java.util.ArrayList<>(List.of(true, false, 7, new BigDecimal("19.99"), new BigDecimal("100"),
                "a<b&c> é", "Finbridge pays the bills ".repeat(4).getBytes(StandardCharsets.UTF_8),
                LocalDateTime.of(2026, 11, 20, 10, 30, 5), vals));
        params.add(null);
        assertThat(new String(XmlRpc.methodCall("execute_kw", params), StandardCharsets.UTF_8)).isEqualTo(PYTHON);
    }

    @Test
    void instantsAreSentInUtc() {
        OffsetDateTime berlin = OffsetDateTime.of(2026, 11, 20, 11, 30, 5, 0, ZoneOffset.ofHours(1));
        assertThat(new String(XmlRpc.methodCall("m", List.of(berlin)), StandardCharsets.UTF_8))
                .contains("<value><dateTime.iso8601>20261120T10:30:05</dateTime.iso8601></value>");
    }

    @Test
    void integersBeyond32BitsAreSentAsI8() {
        assertThat(new String(XmlRpc.methodCall("m", List.of(5_000_000_000L, 6L)), StandardCharsets.UTF_8))
                .contains("<value><i8>5000000000</i8></value>").contains("<value><int>6</int></value>");
    }

    @Test
    void whatXmlRpcCannotCarryIsRefused() {
        assertThatThrownBy(() -> XmlRpc.methodCall("m", List.of(new Object()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XmlRpc.methodCall("m", List.of(Double.NaN))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whatIsWrittenReadsBackAsTheSameValues() throws Exception {
        byte[] call = XmlRpc.methodCall("x", List.of(Map.of("n", 1)));
        String response = new String(call, StandardCharsets.UTF_8)
                .replace("<methodCall>\n<methodName>x</methodName>\n", "<methodResponse>\n").replace("</methodCall>", "</methodResponse>");
        assertThat(XmlRpc.parseResponse(response.getBytes(StandardCharsets.UTF_8))).isEqualTo(Map.of("n", 1));
    }

    @Test
    void answersAreReadIntoPlainJavaWithDoublesAsBigDecimal() throws Exception {
        String body = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><struct>\n"
                + "<member>\n<name>amount</name>\n<value><double>6.307</double></value>\n</member>\n"
                + "<member>\n<name>posted</name>\n<value><boolean>1</boolean></value>\n</member>\n"
                + "<member>\n<name>partner_id</name>\n<value><array><data>\n<value><int>39</int></value>\n<value><string>Acme &amp; Co</string></value>\n</data></array></value>\n</member>\n"
                + "<member>\n<name>untyped</name>\n<value>plain text</value>\n</member>\n"
                + "<member>\n<name>empty</name>\n<value><string></string></value>\n</member>\n"
                + "<member>\n<name>big</name>\n<value><i8>5000000000</i8></value>\n</member>\n"
                + "<member>\n<name>when</name>\n<value><dateTime.iso8601>20261120T10:30:05</dateTime.iso8601></value>\n</member>\n"
                + "<member>\n<name>file</name>\n<value><base64>\nRmlu\nYnJp\n</base64></value>\n</member>\n"
                + "<member>\n<name>none</name>\n<value><nil/></value></member>\n"
                + "</struct></value>\n</param>\n</params>\n</methodResponse>\n";
        Object v = XmlRpc.parseResponse(body.getBytes(StandardCharsets.UTF_8));
        assertThat(v).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("amount", new BigDecimal("6.307")).containsEntry("posted", true)
                .containsEntry("partner_id", List.of(39, "Acme & Co")).containsEntry("untyped", "plain text")
                .containsEntry("empty", "").containsEntry("big", 5_000_000_000L)
                .containsEntry("when", LocalDateTime.of(2026, 11, 20, 10, 30, 5)).containsEntry("none", null);
        assertThat((byte[]) ((Map<?, ?>) v).get("file")).asString(StandardCharsets.UTF_8).isEqualTo("Finbri");
    }

    @Test
    void recordedAnswersParse() throws Exception {
        Object version = XmlRpc.parseResponse(Recording.of("xmlrpc/001-common-version.xml.json").responseBody().getBytes(StandardCharsets.UTF_8));
        assertThat(version).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("server_version_info", List.of(17, 0, 0, "final", 0, ""));
        Object fault = XmlRpc.parseResponse(Recording.of("xmlrpc/042-payment-post.xml.json").responseBody().getBytes(StandardCharsets.UTF_8));
        assertThat(fault).isEqualTo(new XmlRpc.Fault(1, "<traceback removed>\n" + XmlRpcClient.NONE_RETURNED));
    }

    @Test
    void aDocumentTypeDeclarationIsNotFollowed() {
        String hostile = "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<methodResponse><params><param><value><string>&e;</string></value></param></params></methodResponse>";
        assertThatThrownBy(() -> XmlRpc.parseResponse(hostile.getBytes(StandardCharsets.UTF_8))).isInstanceOf(Exception.class);
    }
}
