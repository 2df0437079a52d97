package io.finbridge.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.canonical.Currencies;
import io.finbridge.canonical.Money;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads what an event is worth from its raw payload, for the exception queue: Stripe's integer minor units with a
 * lower-case currency, Shopify's decimal strings, HubSpot's deal amount. Unknown shapes have no known impact.
 */
public final class FinancialImpact {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] STRIPE_AMOUNTS = {"amount", "amount_total", "amount_paid", "amount_due", "total"};
    private static final String[] SHOPIFY_AMOUNTS = {"current_total_price", "total_price", "amount"};

    private FinancialImpact() {
    }

    public static Optional<Money> of(String source, String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return switch (source) {
                case "stripe" -> stripe(json.path("data").path("object"));
                case "shopify" -> decimal(json, SHOPIFY_AMOUNTS, json.path("currency").asText(null));
                case "hubspot" -> decimal(json.path("properties"), new String[] {"amount"},
                        json.path("properties").path("deal_currency_code").asText(null));
                default -> Optional.empty();
            };
        } catch (Exception ex) {
            return Optional.empty();
        }
    }

    private static Optional<Money> stripe(JsonNode object) {
        String currency = object.path("currency").asText(null);
        if (currency == null) {
            return Optional.empty();
        }
        for (String field : STRIPE_AMOUNTS) {
            JsonNode v = object.get(field);
            if (v != null && v.isIntegralNumber()) {
                String code = currency.toUpperCase(Locale.ROOT);
                return Currencies.isCurrency(code) ? Optional.of(Money.ofMinor(new BigDecimal(v.bigIntegerValue()), code)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<Money> decimal(JsonNode object, String[] fields, String currency) {
        if (currency == null) {
            return Optional.empty();
        }
        for (String field : fields) {
            JsonNode v = object.get(field);
            if (v != null && !v.isNull() && !v.asText().isBlank()) {
                String code = currency.toUpperCase(Locale.ROOT);
                return Currencies.isCurrency(code) ? Optional.of(Money.of(v.asText(), code)) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
