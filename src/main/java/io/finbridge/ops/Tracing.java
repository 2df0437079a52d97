package io.finbridge.ops;

import io.finbridge.config.Settings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.opentelemetry.OpenTelemetryTracer;
import org.apache.camel.tracing.ActiveSpanManager;
import org.apache.camel.tracing.SpanAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenTelemetry tracing through Camel's own camel-opentelemetry, off unless {@code finbridge.tracing.enabled}: every
 * route and endpoint (the webhook's REST route, the flow, each {@code odoo:} call) is a span, exported over OTLP/HTTP to
 * {@code finbridge.tracing.otlp-endpoint} (Jaeger, Tempo, an OpenTelemetry Collector). The inbox decouples receipt
 * from processing, so the receiving route's trace context is stored with the event ({@link #context(Exchange)}) and
 * the worker's span joins it ({@link #consume}): one webhook is one trace, however long it waited in the inbox.
 */
public final class Tracing implements AutoCloseable {

    /** The W3C header a stored event carries its receipt's trace context in. */
    public static final String TRACEPARENT = "traceparent";
    private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);
    private static final TextMapGetter<Map<String, String>> FROM_MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;

    private Tracing(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
        this.tracer = sdk == null ? null : sdk.getTracer("io.finbridge");
    }

    /** No tracing: nothing is installed, nothing exported, {@link #consume} is a no-op. */
    public static Tracing off() {
        return new Tracing(null);
    }

    /**
     * From {@code finbridge.tracing.*}; {@code exporter}, when not null, takes the spans instead of OTLP (tests give an
     * in-memory one), exported as each span ends.
     */
    public static Tracing from(Settings settings, SpanExporter exporter) {
        if (!settings.getBoolean("finbridge.tracing.enabled", false)) {
            return off();
        }
        String service = settings.get("finbridge.tracing.service-name", "finbridge");
        String endpoint = settings.get("finbridge.tracing.otlp-endpoint", "http://localhost:4318/v1/traces");
        SdkTracerProviderBuilder provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service))));
        if (exporter != null) {
            provider.addSpanProcessor(SimpleSpanProcessor.create(exporter));
        } else {
            provider.addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder().setEndpoint(endpoint)
                    .setTimeout(Duration.ofSeconds(10)).build()).build());
        }
        // not registered as the global OpenTelemetry: the runtime owns it, and stops it with itself
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(provider.build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
        LOG.info("Tracing on: service {}, spans to {}", service, exporter != null ? "the given exporter" : endpoint);
        return new Tracing(sdk);
    }

    public boolean enabled() {
        return sdk != null;
    }

    /** Installs camel-opentelemetry in the context: a span for every route and every endpoint sent to. */
    public void install(CamelContext camel) {
        if (sdk == null) {
            return;
        }
        OpenTelemetryTracer camelTracer = new OpenTelemetryTracer();
        camelTracer.setTracer(tracer);
        camelTracer.setContextPropagators(sdk.getPropagators());
        // the timers that poll the inbox and refresh reference data would be a trace every few seconds
        camelTracer.setExcludePatterns("timer:*,quartz:*");
        camelTracer.init(camel);
    }

    /**
     * The W3C trace context of the exchange's current span ({@code traceparent}), to store with what it received;
     * empty when tracing is off or the exchange has no span.
     */
    public static Map<String, String> context(Exchange exchange) {
        SpanAdapter span = exchange == null ? null : ActiveSpanManager.getSpan(exchange);
        if (span == null || span.traceId() == null || span.spanId() == null) {
            return Map.of();
        }
        SpanContext sc = SpanContext.createFromRemoteParent(span.traceId(), span.spanId(), TraceFlags.getSampled(),
                TraceState.getDefault());
        if (!sc.isValid()) {
            return Map.of();
        }
        Map<String, String> carrier = new LinkedHashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(Span.wrap(sc)), carrier, Map::put);
        return carrier;
    }

    /**
     * Continues the trace of {@code from} in {@code to}, a new exchange made on its behalf (a posting batch): what
     * {@code to} sends is traced under {@code from}'s current span. Nothing when tracing is off.
     */
    public static void continueIn(Exchange from, Exchange to) {
        SpanAdapter span = ActiveSpanManager.getSpan(from);
        if (span != null) {
            ActiveSpanManager.activate(to, span);
        }
    }

    /**
     * Starts a consumer span named {@code name} under the trace context stored in {@code stored} (a new trace when
     * there is none) and makes it current, so that the Camel spans of what runs inside join it. Close the handle.
     */
    public Consumed consume(String name, Map<String, String> stored, Map<String, String> attributes) {
        if (sdk == null) {
            return Consumed.NONE;
        }
        Context parent = sdk.getPropagators().getTextMapPropagator().extract(Context.root(), stored, FROM_MAP);
        var builder = tracer.spanBuilder(name).setSpanKind(SpanKind.CONSUMER).setParent(parent);
        attributes.forEach((k, v) -> {
            if (v != null) {
                builder.setAttribute(k, v);
            }
        });
        Span span = builder.startSpan();
        return new Consumed(span, span.makeCurrent());
    }

    /** A started consumer span: {@link #failed} marks it, {@link #close} ends it. */
    public static final class Consumed implements AutoCloseable {
        static final Consumed NONE = new Consumed(null, null);
        private final Span span;
        private final Scope scope;

        private Consumed(Span span, Scope scope) {
            this.span = span;
            this.scope = scope;
        }

        /** The trace id, for the log lines of what runs inside; null when tracing is off. */
        public String traceId() {
            return span == null ? null : span.getSpanContext().getTraceId();
        }

        public void failed(String reason) {
            if (span != null) {
                span.setStatus(StatusCode.ERROR, reason);
            }
        }

        @Override
        public void close() {
            if (span != null) {
                scope.close();
                span.end();
            }
        }
    }

    @Override
    public void close() {
        if (sdk != null) {
            sdk.close();
        }
    }
}
