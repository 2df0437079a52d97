package io.finbridge.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Currency;
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

    public record Amount(BigDecimal amount, String currency) {
    }

    public static Optional<Amount> of(String source, String body) {
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

    private static Optional<Amount> stripe(JsonNode object) {
        String currency = object.path("currency").asText(null);
        if (currency == null) {
            return Optional.empty();
        }
        for (String field : STRIPE_AMOUNTS) {
            JsonNode v = object.get(field);
            if (v != null && v.isIntegralNumber()) {
                String code = currency.toUpperCase(Locale.ROOT);
                return Optional.of(new Amount(new BigDecimal(v.bigIntegerValue()).movePointLeft(minorUnits(code)), code));
            }
        }
        return Optional.empty();
    }

    private static Optional<Amount> decimal(JsonNode object, String[] fields, String currency) {
        if (currency == null) {
            return Optional.empty();
        }
        for (String field : fields) {
            JsonNode v = object.get(field);
            if (v != null && !v.isNull() && !v.asText().isBlank()) {
                return Optional.of(new Amount(new BigDecimal(v.asText()), currency.toUpperCase(Locale.ROOT)));
            }
        }
        return Optional.empty();
    }

    /**
     * Minor units per ISO 4217 as Stripe and Odoo use them. The JDK agrees for most codes; these are the ones where
     * payment platforms treat the currency as zero-decimal regardless (Stripe's list).
     */
    static int minorUnits(String code) {
        return switch (code) {
            case "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF" -> 0;
            case "BHD", "JOD", "KWD", "OMR", "TND" -> 3;
            default -> {
                try {
                    int d = Currency.getInstance(code).getDefaultFractionDigits();
                    yield d < 0 ? 2 : d;
                } catch (IllegalArgumentException ex) {
                    yield 2;
                }
            }
        };
    }
}
