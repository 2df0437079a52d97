package io.finbridge.odoo;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * XML-RPC as Python's {@code xmlrpc.client} writes it (the client Odoo's own documentation uses), byte for byte, and
 * a reader for Odoo's answers. Types: int (i8 beyond 32 bits), double (from and to BigDecimal, never a Java double),
 * boolean, string, dateTime.iso8601 (LocalDateTime, UTC), base64 (byte[]), struct (Map), array (List), nil (null).
 */
final class XmlRpc {

    private static final DateTimeFormatter ISO8601 = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss");
    private static final Base64.Encoder BASE64_LINES = Base64.getMimeEncoder(76, new byte[] {'\n'});
    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XML.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    /** A {@code <fault>} answer. */
    record Fault(int code, String string) {
    }

    private XmlRpc() {
    }

    static byte[] methodCall(String method, List<?> params) {
        StringBuilder b = new StringBuilder(256);
        b.append("<?xml version='1.0'?>\n<methodCall>\n<methodName>").append(escape(method)).append("</methodName>\n<params>\n");
        for (Object p : params) {
            b.append("<param>\n");
            value(b, p);
            b.append("</param>\n");
        }
        b.append("</params>\n</methodCall>\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void value(StringBuilder b, Object v) {
        if (v == null) {
            b.append("<value><nil/></value>");
        } else if (v instanceof Boolean x) {
            b.append("<value><boolean>").append(x ? '1' : '0').append("</boolean></value>\n");
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            b.append("<value><int>").append(v).append("</int></value>\n");
        } else if (v instanceof Long || v instanceof BigInteger) {
            BigInteger n = v instanceof BigInteger bi ? bi : BigInteger.valueOf((Long) v);
            String tag = n.bitLength() < 32 ? "int" : "i8";
            b.append("<value><").append(tag).append('>').append(n).append("</").append(tag).append("></value>\n");
        } else if (v instanceof BigDecimal d) {
            b.append("<value><double>").append(decimal(d)).append("</double></value>\n");
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("XML-RPC cannot carry " + d);
            }
            b.append("<value><double>").append(decimal(new BigDecimal(v.toString()))).append("</double></value>\n");
        } else if (v instanceof CharSequence || v instanceof Character || v instanceof Enum<?>) {
            b.append("<value><string>").append(escape(v.toString())).append("</string></value>\n");
        } else if (v instanceof byte[] bytes) {
            b.append("<value><base64>\n");
            if (bytes.length > 0) {
                b.append(BASE64_LINES.encodeToString(bytes)).append('\n');
            }
            b.append("</base64></value>\n");
        } else if (v instanceof LocalDateTime t) {
            dateTime(b, t);
        } else if (v instanceof Instant t) {
            dateTime(b, LocalDateTime.ofInstant(t, ZoneOffset.UTC));
        } else if (v instanceof OffsetDateTime t) {
            dateTime(b, t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
        } else if (v instanceof ZonedDateTime t) {
            dateTime(b, t.withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime());
        } else if (v instanceof Date t) {
            dateTime(b, LocalDateTime.ofInstant(t.toInstant(), ZoneOffset.UTC));
        } else if (v instanceof LocalDate d) {
            // Odoo's date fields take and give 'YYYY-MM-DD' strings; XML-RPC has no date type
            b.append("<value><string>").append(d).append("</string></value>\n");
        } else if (v instanceof Map<?, ?> m) {
            b.append("<value><struct>\n");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append("<member>\n<name>").append(escape(String.valueOf(e.getKey()))).append("</name>\n");
                value(b, e.getValue());
                b.append("</member>\n");
            }
            b.append("</struct></value>\n");
        } else if (v instanceof Collection<?> c) {
            b.append("<value><array><data>\n");
            for (Object o : c) {
                value(b, o);
            }
            b.append("</data></array></value>\n");
        } else if (v instanceof Object[] a) {
            value(b, List.of(a));
        } else if (v instanceof int[] a) {
            value(b, java.util.Arrays.stream(a).boxed().toList());
        } else {
            throw new IllegalArgumentException("XML-RPC cannot carry a " + v.getClass().getName());
        }
    }

    /** As Python writes a float: always with a decimal point. */
    private static String decimal(BigDecimal d) {
        String s = d.toPlainString();
        return s.indexOf('.') < 0 ? s + ".0" : s;
    }

    private static void dateTime(StringBuilder b, LocalDateTime t) {
        b.append("<value><dateTime.iso8601>").append(ISO8601.format(t.withNano(0))).append("</dateTime.iso8601></value>\n");
    }

    private static String escape(String s) {
        if (s.indexOf('&') < 0 && s.indexOf('<') < 0 && s.indexOf('>') < 0) {
            return s;
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * Reads a {@code <methodResponse>}: the value of its one param, or a {@link Fault}.
     *
     * @throws XMLStreamException when the body is not an XML-RPC answer
     */
    static Object parseResponse(byte[] body) throws XMLStreamException {
        XMLStreamReader r = XML.createXMLStreamReader(new ByteArrayInputStream(body));
        try {
            nextStart(r, "methodResponse");
            r.nextTag();
            if ("fault".equals(r.getLocalName())) {
                nextStart(r, "value");
                Object fault = readValue(r);
                if (fault instanceof Map<?, ?> m) {
                    Object code = m.get("faultCode");
                    return new Fault(code instanceof Number n ? n.intValue() : -1, String.valueOf(m.get("faultString")));
                }
                throw new XMLStreamException("fault without a struct");
            }
            if (!"params".equals(r.getLocalName())) {
                throw new XMLStreamException("expected params or fault, found " + r.getLocalName());
            }
            nextStart(r, "value");
            return readValue(r);
        } finally {
            r.close();
        }
    }

    private static void nextStart(XMLStreamReader r, String name) throws XMLStreamException {
        while (r.hasNext()) {
            if (r.next() == XMLStreamConstants.START_ELEMENT) {
                if (name.equals(r.getLocalName())) {
                    return;
                }
            }
        }
        throw new XMLStreamException("expected <" + name + ">");
    }

    /** Reads from a {@code <value>} start tag to its end tag. */
    private static Object readValue(XMLStreamReader r) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int event = r.next();
            if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE) {
                text.append(r.getText());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                return text.toString(); // <value>text</value>: a string without a type tag
            } else if (event == XMLStreamConstants.START_ELEMENT) {
                Object v = readTyped(r);
                endOf(r, "value");
                return v;
            }
        }
    }

    private static Object readTyped(XMLStreamReader r) throws XMLStreamException {
        String type = r.getLocalName();
        return switch (type) {
            case "int", "i4" -> toInteger(r.getElementText().strip());
            case "i8" -> toInteger(r.getElementText().strip());
            case "boolean" -> "1".equals(r.getElementText().strip());
            case "double" -> new BigDecimal(r.getElementText().strip());
            case "string" -> r.getElementText();
            case "dateTime.iso8601" -> parseDateTime(r.getElementText().strip());
            case "base64" -> Base64.getMimeDecoder().decode(r.getElementText().strip());
            case "nil" -> {
                endOf(r, "nil");
                yield null;
            }
            case "struct" -> readStruct(r);
            case "array" -> readArray(r);
            default -> throw new XMLStreamException("unknown XML-RPC type <" + type + ">");
        };
    }

    private static Object toInteger(String s) {
        long n = Long.parseLong(s);
        return n == (int) n ? (Object) (int) n : (Object) n;
    }

    private static LocalDateTime parseDateTime(String s) {
        String compact = s.replace("-", "");
        return LocalDateTime.parse(compact.length() > 17 ? compact.substring(0, 17) : compact, ISO8601);
    }

    private static Map<String, Object> readStruct(XMLStreamReader r) throws XMLStreamException {
        Map<String, Object> out = new LinkedHashMap<>();
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) { // <member>
            String name = null;
            Object value = null;
            while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                if ("name".equals(r.getLocalName())) {
                    name = r.getElementText();
                } else {
                    value = readValue(r);
                }
            }
            out.put(name, value);
        }
        return out;
    }

    private static List<Object> readArray(XMLStreamReader r) throws XMLStreamException {
        List<Object> out = new ArrayList<>();
        r.nextTag(); // <data>
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) { // <value>
            out.add(readValue(r));
        }
        endOf(r, "array");
        return out;
    }

    private static void endOf(XMLStreamReader r, String name) throws XMLStreamException {
        while (!(r.getEventType() == XMLStreamConstants.END_ELEMENT && name.equals(r.getLocalName()))) {
            r.next();
        }
    }
}
