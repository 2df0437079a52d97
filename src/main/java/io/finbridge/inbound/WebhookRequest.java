package io.finbridge.inbound;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A webhook as it arrived: the raw body bytes (signatures are over these) and the headers, case-insensitive. */
public record WebhookRequest(String source, String method, String url, Map<String, String> headers, byte[] body,
                             String remoteAddress) {

    public WebhookRequest {
        if (!(headers instanceof TreeMap<String, String> t && t.comparator() == String.CASE_INSENSITIVE_ORDER)) {
            Map<String, String> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            ci.putAll(headers);
            headers = ci;
        }
    }

    public String header(String name) {
        String v = headers.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    public String sourceKey() {
        return source.toLowerCase(Locale.ROOT);
    }
}
