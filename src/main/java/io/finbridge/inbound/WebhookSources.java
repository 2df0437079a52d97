package io.finbridge.inbound;

import io.finbridge.config.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook sources this instance accepts, from {@code finbridge.webhooks.<source>.*}. A source without a secret
 * (or token) is not served: its URL answers 404, so a half-configured source never accepts unverified events. A
 * secret published with the jar (the sandbox's demo secrets, in the README) is only accepted while it is its
 * source's only one: once another secret is configured for that source, the published one stops working.
 */
public final class WebhookSources {

    private static final Set<String> BUILT_IN = Set.of("shopify", "stripe", "hubspot");
    private final Map<String, WebhookSource> sources = new TreeMap<>();

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSources.class);
    private final Settings settings;

    public WebhookSources(Settings settings, Clock clock) {
        this.settings = settings;
        Map<String, String> all = settings.withPrefix("finbridge.webhooks.");
        secrets(all, "shopify", "secret").ifPresent(s ->
                add(new WebhookSource("shopify", SourceKind.SHOPIFY, new ShopifySignature(s), null, null, null)));
        secrets(all, "stripe", "secret").ifPresent(s -> add(new WebhookSource("stripe", SourceKind.STRIPE,
                new StripeSignature(s, settings.getDuration("finbridge.webhooks.stripe.tolerance", Duration.ofSeconds(300)), clock),
                null, null, null)));
        secrets(all, "hubspot", "secret").ifPresent(s -> add(new WebhookSource("hubspot", SourceKind.HUBSPOT,
                new HubSpotSignature(s, settings.getDuration("finbridge.webhooks.hubspot.window", Duration.ofMinutes(5)), clock),
                null, null, null)));
        Set<String> generic = new TreeSet<>();
        for (String key : all.keySet()) {
            int dot = key.indexOf('.');
            if (dot > 0 && !BUILT_IN.contains(key.substring(0, dot))) {
                generic.add(key.substring(0, dot));
            }
        }
        for (String name : generic) {
            secrets(all, name, "token").ifPresent(t -> add(new WebhookSource(name, SourceKind.GENERIC, new SharedToken(t),
                    blankToNull(all.get(name + ".dedupe-path")), blankToNull(all.get(name + ".dedupe-header")),
                    blankToNull(all.get(name + ".type-path")))));
        }
    }

    private void add(WebhookSource source) {
        sources.put(source.name(), source);
    }

    private Optional<List<String>> secrets(Map<String, String> all, String source, String kind) {
        List<String> out = new ArrayList<>();
        List<String> published = new ArrayList<>();
        for (String key : List.of(source + "." + kind, source + ".previous-" + kind)) {
            String v = all.get(key);
            if (v != null && !v.isBlank()) {
                if (settings.isPublishedSecret("finbridge.webhooks." + key)) {
                    published.add(v);
                } else {
                    out.add(v);
                }
            }
        }
        if (out.isEmpty()) {
            out.addAll(published);
        } else if (!published.isEmpty()) {
            LOG.info("Webhooks: {} has its own {} configured, so the published demo {} is not accepted", source, kind, kind);
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    public Optional<WebhookSource> find(String name) {
        return Optional.ofNullable(sources.get(name));
    }

    public Set<String> names() {
        return sources.keySet();
    }
}
