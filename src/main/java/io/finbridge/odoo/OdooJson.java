package io.finbridge.odoo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Map;

/**
 * Jackson as Odoo wants it: floats read as BigDecimal (money never becomes a double), BigDecimal written plain,
 * dates as {@code YYYY-MM-DD} and datetimes as Odoo's own UTC {@code YYYY-MM-DD HH:MM:SS}.
 */
final class OdooJson {

    static final DateTimeFormatter ODOO_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    static final ObjectMapper MAPPER = create();

    private OdooJson() {
    }

    private static ObjectMapper create() {
        SimpleModule odooTimes = new SimpleModule("odoo-times");
        odooTimes.addSerializer(LocalDate.class, text(LocalDate::toString));
        odooTimes.addSerializer(LocalDateTime.class, text(ODOO_DATETIME::format));
        odooTimes.addSerializer(Instant.class, text(i -> ODOO_DATETIME.format(i.atOffset(ZoneOffset.UTC))));
        odooTimes.addSerializer(OffsetDateTime.class, text(t -> ODOO_DATETIME.format(t.withOffsetSameInstant(ZoneOffset.UTC))));
        odooTimes.addSerializer(ZonedDateTime.class, text(t -> ODOO_DATETIME.format(t.withZoneSameInstant(ZoneOffset.UTC))));
        odooTimes.addSerializer(Date.class, text(d -> ODOO_DATETIME.format(d.toInstant().atOffset(ZoneOffset.UTC))));
        return new ObjectMapper()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .registerModule(odooTimes);
    }

    private static <T> JsonSerializer<T> text(java.util.function.Function<T, String> format) {
        return new JsonSerializer<>() {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(format.apply(value));
            }
        };
    }
}
