package io.finbridge.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * How source JSON is read: Jackson parses it with every number as a {@link BigDecimal} (no binary floating point,
 * ever), Jayway JsonPath walks the tree. Leaf values become String, BigDecimal or Boolean; blank strings count as
 * absent (sources send {@code ""} for fields nobody filled).
 */
final class JsonValues {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    static final Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(MAPPER))
            .mappingProvider(new JacksonMappingProvider(MAPPER))
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();

    private JsonValues() {
    }

    static JsonNode parse(String json) throws JsonProcessingException {
        return MAPPER.readTree(json);
    }

    /** A JSON value as a plain Java value; objects and arrays stay {@link JsonNode}s. */
    static Object toJava(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof JsonNode n) {
            if (n.isNull() || n.isMissingNode()) {
                return null;
            }
            if (n.isTextual()) {
                return blankAsNull(n.textValue());
            }
            if (n.isNumber()) {
                return n.decimalValue();
            }
            if (n.isBoolean()) {
                return n.booleanValue();
            }
            return n;
        }
        if (o instanceof String s) {
            return blankAsNull(s);
        }
        if (o instanceof Integer || o instanceof Long || o instanceof Short) {
            return BigDecimal.valueOf(((Number) o).longValue());
        }
        if (o instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (o instanceof Double || o instanceof Float) {
            // JsonPath functions such as sum() compute in double; Finbridge never lets such a value become money
            throw new IllegalStateException("a binary floating point value reached the mapping engine: " + o);
        }
        return o;
    }

    private static String blankAsNull(String s) {
        return s.isBlank() ? null : s;
    }
}
