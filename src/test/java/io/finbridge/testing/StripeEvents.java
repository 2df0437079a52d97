package io.finbridge.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Stripe events as Stripe sends them (event envelope, lower-case currency, minor units), and their signatures. */
public final class StripeEvents {

    private StripeEvents() {
    }

    public static String customerCreated(String eventId, String customerId, String name, String email) {
        String nameField = name == null ? "\"name\":null," : "\"name\":\"" + name + "\",";
        return "{\"id\":\"" + eventId + "\",\"object\":\"event\",\"api_version\":\"2024-06-20\",\"created\":1795430000,"
                + "\"data\":{\"object\":{\"id\":\"" + customerId + "\",\"object\":\"customer\",\"address\":null,\"balance\":0,"
                + "\"created\":1795430000,\"currency\":\"usd\",\"default_source\":null,\"delinquent\":false,\"description\":null,"
                + "\"email\":\"" + email + "\",\"invoice_prefix\":\"A1B2C3D4\",\"livemode\":false,\"metadata\":{}," + nameField
                + "\"phone\":null,\"preferred_locales\":[],\"shipping\":null,\"tax_exempt\":\"none\"}},"
                + "\"livemode\":false,\"pending_webhooks\":1,\"request\":{\"id\":\"req_" + eventId.substring(4) + "\","
                + "\"idempotency_key\":null},\"type\":\"customer.created\"}";
    }

    /** A charge-shaped object carried on a customer event, for the financial impact of an exception. */
    public static String chargeForCustomer(String eventId, String customerId, String email, long amount, String currency) {
        return "{\"id\":\"" + eventId + "\",\"object\":\"event\",\"api_version\":\"2024-06-20\",\"created\":1795430000,"
                + "\"data\":{\"object\":{\"id\":\"" + customerId + "\",\"object\":\"charge\",\"amount\":" + amount + ","
                + "\"amount_captured\":" + amount + ",\"currency\":\"" + currency + "\",\"email\":\"" + email + "\",\"paid\":true}},"
                + "\"livemode\":false,\"pending_webhooks\":1,\"request\":{\"id\":null,\"idempotency_key\":null},\"type\":\"charge.succeeded\"}";
    }

    public static String signature(String secret, String body, Instant at) {
        long t = at.getEpochSecond();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
