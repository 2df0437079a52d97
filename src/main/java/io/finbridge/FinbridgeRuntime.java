package io.finbridge;

import io.finbridge.config.ConfigurationException;
import io.finbridge.config.Profile;
import io.finbridge.config.Settings;
import io.finbridge.audit.AuditTrail;
import io.finbridge.audit.AuditVerifier;
import io.finbridge.http.HttpServer;
import io.finbridge.inbound.FailureClassifier;
import io.finbridge.inbound.FlowTrail;
import io.finbridge.inbound.Inbox;
import io.finbridge.inbound.InboxDispatcher;
import io.finbridge.inbound.InboxPolicy;
import io.finbridge.inbound.InboxRetention;
import io.finbridge.inbound.InboxWriter;
import io.finbridge.inbound.ReceiptChainer;
import io.finbridge.inbound.RetentionPolicy;
import io.finbridge.inbound.WebhookGateway;
import io.finbridge.inbound.WebhookHttpBinding;
import io.finbridge.inbound.WebhookMetrics;
import io.finbridge.inbound.WebhookSources;
import io.finbridge.ops.AuditApi;
import io.finbridge.ops.SandboxApi;
import io.finbridge.ops.EventsApi;
import io.finbridge.ops.ExceptionsApi;
import io.finbridge.ops.RevenueApi;
import io.finbridge.ops.UsageApi;
import io.finbridge.usage.AcceptedEvents;
import io.finbridge.usage.PricingPlans;
import io.finbridge.usage.UsageClose;
import io.finbridge.usage.UsageEvents;
import io.finbridge.usage.UsageIntake;
import io.finbridge.usage.UsageRating;
import io.finbridge.usage.UsageTotalsStrategy;
import io.finbridge.usage.UsageTransaction;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.transaction.support.TransactionTemplate;
import io.finbridge.revenue.PeriodLength;
import io.finbridge.revenue.RecognitionRuns;
import io.finbridge.revenue.RevenueSchedules;
import io.finbridge.review.ExceptionQueue;
import java.time.Clock;
import io.finbridge.http.OperatorLogin;
import io.finbridge.mapping.MappingRegistry;
import io.finbridge.mapping.MappingWatcher;
import io.finbridge.mapping.ownership.OwnershipGuard;
import io.finbridge.mapping.reference.OdooReferences;
import io.finbridge.odoo.OdooComponent;
import io.finbridge.odoo.OdooConfiguration;
import io.finbridge.odoo.OdooReachability;
import io.finbridge.ops.LogFormat;
import io.finbridge.ops.Tracing;
import io.finbridge.ops.RuntimeInstances;
import io.finbridge.ops.RuntimeStatus;
import io.finbridge.ops.StoreHealthCheck;
import io.finbridge.posting.BillingPostings;
import io.finbridge.posting.Binder;
import io.finbridge.posting.InvoicePostings;
import io.finbridge.posting.ProductCatalog;
import io.finbridge.posting.PartnerPostings;
import io.finbridge.posting.PostingBatches;
import io.finbridge.posting.PostingLocks;
import io.finbridge.posting.RefundPostings;
import io.finbridge.posting.SettlementPostings;
import io.finbridge.posting.StripeBalancePostings;
import io.finbridge.inbound.StripeApi;
import io.finbridge.posting.PaymentPostings;
import io.finbridge.posting.CancellationPostings;
import io.finbridge.inbound.ShopifyAdminApi;
import io.finbridge.inbound.ShopifyHttp;
import io.finbridge.inbound.StripeHttp;
import io.finbridge.sandbox.OdooSimulator;
import io.finbridge.sandbox.StripeSimulator;
import io.finbridge.store.ClusterScheduler;
import io.finbridge.store.Store;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.eventnotifier.MicrometerRouteEventNotifier;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzConstants;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finbridge assembled: settings, store, (sandbox) Odoo simulator, metrics, Camel Main with the YAML routes from
 * disk, and the HTTP server. Tests start it in-process exactly as {@link Finbridge#main} does.
 */
public final class FinbridgeRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FinbridgeRuntime.class);

    private Settings settings;
    private final Main main = new Main();
    private OdooSimulator simulator;
    private StripeSimulator stripeSimulator;
    private Store store;
    private PrometheusMeterRegistry metrics;
    private HttpServer http;
    private RuntimeInstances instances;
    private InboxWriter inboxWriter;
    private ReceiptChainer receiptChainer;
    private InboxDispatcher dispatcher;
    private OdooReachability odooReachability;
    private ClusterScheduler clusterScheduler;
    private Path workDir;
    private final String servletName = "finbridge-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    private MappingRegistry mappings;
    private Clock clock = Clock.systemUTC();
    private io.opentelemetry.sdk.trace.export.SpanExporter spanExporter;
    private Tracing tracing = Tracing.off();

    public FinbridgeRuntime(Settings settings) {
        this.settings = settings;
    }

    /** The clock revenue recognition and usage billing read (tests set one); before {@link #start()}. */
    public FinbridgeRuntime withClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Where the spans go when {@code finbridge.tracing.enabled} (tests give an in-memory exporter); before {@link #start()}. */
    public FinbridgeRuntime withSpanExporter(io.opentelemetry.sdk.trace.export.SpanExporter exporter) {
        this.spanExporter = exporter;
        return this;
    }

    /** Starts everything; returns when the runtime is serving, throws with the reason when it cannot start. */
    public FinbridgeRuntime start() throws Exception {
        try {
            prepare();
            main.start();
            if (!main.getCamelContext().isStarted()) {
                throw new IllegalStateException("Camel did not start");
            }
            return this;
        } catch (Exception | Error ex) {
            close();
            throw ex;
        }
    }

    /** For {@link Finbridge#main}: starts, then blocks until the JVM is asked to stop (SIGTERM, Ctrl-C). */
    public void run() throws Exception {
        prepare();
        main.run();
        closeResources();
        if (main.getExitCode() != 0) {
            throw new IllegalStateException("Finbridge stopped with exit code " + main.getExitCode());
        }
    }

    private void prepare() {
        checkProfile(settings);
        LogFormat.apply(settings);
        LOG.info("Finbridge starting in profile {}", settings.profile().id());
        // a broken mapping stops start-up here, naming file, line and field, before anything is started
        String mappingsLocation = settings.get("finbridge.mappings.location");
        mappings = MappingRegistry.load(Path.of(mappingsLocation), mappingsLocation);
        if (settings.isSandbox()) {
            // the least-privilege integration user, unless finbridge.sandbox.odoo-groups names more (access-rights, settings)
            java.util.Set<String> groups = new java.util.TreeSet<>();
            for (String g : settings.get("finbridge.sandbox.odoo-groups", "").split(",")) {
                if (!g.isBlank()) {
                    groups.add(g.strip());
                }
            }
            simulator = OdooSimulator.start(randomKey(), groups);
            settings = settings.with(Map.of(
                    "finbridge.odoo.url", simulator.url(),
                    "finbridge.odoo.database", OdooSimulator.DATABASE,
                    "finbridge.odoo.login", OdooSimulator.LOGIN,
                    "finbridge.odoo.api-key", simulator.apiKey(),
                    "finbridge.odoo.protocol", "jsonrpc"));
            LOG.info("Sandbox: simulated Odoo 17 at {} (database {}); nothing is sent to a real Odoo", simulator.url(), OdooSimulator.DATABASE);
            // the payout flow reads balance transactions from Stripe's API: the sandbox answers for its demo payout
            stripeSimulator = StripeSimulator.start(randomKey());
            settings = settings.with(Map.of(
                    "finbridge.stripe.api-url", stripeSimulator.url(),
                    "finbridge.stripe.api-key", stripeSimulator.apiKey()));
            LOG.info("Sandbox: simulated Stripe API at {}; nothing is sent to Stripe", stripeSimulator.url());
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("Settings:\n{}", settings.describe());
        }
        store = Store.open(settings);
        LOG.info("Store: {} ({})", store.dialect(), Store.redact(settings.get("finbridge.store.url")));
        metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ClassLoaderMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
        tracing = Tracing.from(settings, spanExporter);
        configureCamel();
    }

    private void configureCamel() {
        List<Path> routeFolders = routeFolders();
        String includes = routeFolders.stream().map(p -> Files.isDirectory(p) ? "file:" + p + "/**/*.yaml" : "file:" + p)
                .collect(Collectors.joining(","));
        main.setDefaultPropertyPlaceholderLocation("false");
        java.util.Properties placeholders = settings.placeholders();
        // the aggregator of routes/posting/ takes its timeout in milliseconds
        placeholders.setProperty("finbridge.posting.batch-timeout-millis",
                Long.toString(settings.getDuration("finbridge.posting.batch-timeout", Duration.ofMillis(100)).toMillis()));
        placeholders.setProperty("finbridge.posting.batch-size", Integer.toString(settings.getInt("finbridge.posting.batch-size", 25)));
        main.setInitialProperties(placeholders);
        main.configure()
                .withName("finbridge")
                .withJmxEnabled(true)
                .withLoadHealthChecks(true)
                .withShutdownTimeout((int) settings.getDuration("finbridge.shutdown.timeout", Duration.ofSeconds(30)).toSeconds())
                .withShutdownLogInflightExchangesOnTimeout(true)
                .withRoutesIncludePattern(includes);
        main.configure().health().withEnabled(true).withExposureLevel("full");
        // Camel's servlet binding for every REST route, except that webhooks are bound lean (raw bytes, no header
        // copying): see WebhookHttpBinding
        main.bind(WebhookHttpBinding.BEAN_NAME, new WebhookHttpBinding());
        main.configure().rest().withComponent("servlet").withBindingMode("off")
                .withEndpointProperty("httpBinding", "#" + WebhookHttpBinding.BEAN_NAME)
                .withEndpointProperty("servletName", servletName);
        if (settings.getBoolean("finbridge.routes.reload", false)) {
            main.configure()
                    .withRoutesReloadEnabled(true)
                    .withRoutesReloadDirectory(routeFolders.get(0).toString())
                    .withRoutesReloadDirectoryRecursive(true)
                    .withRoutesReloadPattern("*.yaml")
                    // Camel 4.18 reloading everything trips over files holding several routes (CAMEL-24866):
                    // reload only the file that changed
                    .withRoutesReloadRemoveAllRoutes(false);
            LOG.info("Routes reload on change under {}", routeFolders.get(0));
        }
        main.bind("settings", settings);
        main.bind("store", store);
        main.bind("dataSource", store.dataSource());
        main.bind(MicrometerConstants.METRICS_REGISTRY_NAME, metrics);
        instances = new RuntimeInstances(store, settings.profile());
        main.bind("runtimeInstances", instances);
        main.bind(MappingRegistry.BEAN_NAME, mappings);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                wire(m.getCamelContext());
            }
        });
    }

    private void wire(CamelContext camel) {
        tracing.install(camel);
        camel.addRoutePolicyFactory(new MicrometerRoutePolicyFactory());
        // no MicrometerExchangeEventNotifier: route policies already time every route, the odoo: component times its
        // calls, and its per-exchange meters clash in Prometheus for exchanges sent outside a route (tag keys differ)
        camel.getManagementStrategy().addEventNotifier(new MicrometerRouteEventNotifier());
        if (!tracing.enabled()) {
            // camel-opentelemetry brings a thread pool factory that wraps every pool to carry the trace context; a
            // wrapped pool is no ThreadPoolExecutor, so JMX (and Hawtio) would not list the inbox's and Odoo's threads
            camel.getExecutorServiceManager().setThreadPoolFactory(new org.apache.camel.support.DefaultThreadPoolFactory());
        }

        // odoo: for every route, and getClient() for beans; added as a component so Camel stops it (and its HTTP client)
        OdooComponent odoo = new OdooComponent(OdooConfiguration.fromSettings(settings));
        camel.getRegistry().bind("odoo", odoo);
        camel.addComponent("odoo", odoo);
        wireClusterScheduler(camel);
        // resolved at start and on a schedule by routes/batch/reference-data-refresh.yaml, and after each mapping reload
        OdooReferences references = new OdooReferences(mappings, camel.createProducerTemplate(), odoo::getClient, Clock.systemUTC());
        camel.getRegistry().bind(OdooReferences.BEAN_NAME, references);
        OwnershipGuard ownership = new OwnershipGuard(mappings, store, Clock.systemUTC());
        camel.getRegistry().bind(OwnershipGuard.BEAN_NAME, ownership);
        wirePosting(camel, references, ownership);
        wireStripeApi(camel);
        wireShopifyApi(camel);
        mappings.onReload(set -> {
            try {
                references.refresh();
            } catch (RuntimeException ex) {
                LOG.error("Reference data not refreshed after the mapping reload: {}", ex.getMessage());
            }
        });

        // bound as beans: Camel's health registry picks up every HealthCheck in the bean registry. Readiness is the
        // store (and the routes); Odoo's reachability is reported on its own and never takes the instance out of
        // rotation: without Odoo, webhooks are still accepted and stored
        camel.getRegistry().bind("storeHealthCheck", new StoreHealthCheck(store));
        // the component checks its Odoo in the background; its health check reads the last answer
        odoo.setCheckInterval(settings.getDuration("finbridge.odoo.check-interval", Duration.ofSeconds(10)).toMillis());
        odooReachability = odoo.getReachability();
        camel.getRegistry().bind("odooHealthCheck", odoo.createHealthCheck());

        OperatorLogin login = new OperatorLogin(settings.get("finbridge.console.username"), settings.get("finbridge.console.password"));
        http = new HttpServer(camel, servletName, settings, login, metrics, workDirectory());
        wireInbound(camel);
        camel.getRegistry().bind("runtimeStatus", new RuntimeStatus(camel, settings, instances, odooReachability,
                () -> dispatcher.circuitState().name()));
        wireRevenue(camel);
        // routes are up: only now take requests and work, never before a flow's consumer exists
        try {
            camel.addStartupListener((context, alreadyStarted) -> {
                if (http.isStarted()) {
                    return; // a route reload in dev calls this again
                }
                http.start();
                dispatcher.start();
                LOG.info("Finbridge ready in profile {} on port {}", settings.profile().id(), http.port());
            });
            if (settings.getBoolean("finbridge.mappings.reload", settings.getBoolean("finbridge.routes.reload", false))) {
                camel.addService(new MappingWatcher(mappings, Duration.ofMillis(300)), true, true);
            }
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
        // stop taking new requests first, then let the workers finish their events, then the routes stop
        camel.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext context) {
                // no more fires taken here: one this instance acquired goes back to the store for another to run,
                // rather than reaching routes that are stopping
                try {
                    if (clusterScheduler != null) {
                        clusterScheduler.standby();
                    }
                } catch (RuntimeException ex) {
                    LOG.warn("{}", ex.getMessage());
                }
                stopServing();
            }
        });
        try {
            camel.addService(instances, true, true);
            // the chainer first: at start it chains receipts stored before a crash, at stop it chains what the writers
            // committed last (services stop in the reverse order)
            camel.addService(receiptChainer, true, true);
            camel.addService(inboxWriter, true, true);
            // services of their own so that Hawtio (JMX, under services) shows Odoo's reachability and the circuit;
            // started with the context, not now: the first check of Odoo should not race the runtime's own start
            camel.addService(odooReachability, true, false);
            camel.addService(dispatcher.circuit(), true, false);
        } catch (Exception ex) {
            throw new IllegalStateException("Cannot start the runtime services: " + ex.getMessage(), ex);
        }
    }

    /**
     * {@code quartz-cluster:} for the jobs that run once across instances (revenue recognition, usage close): Quartz's
     * clustered JDBC job store in the store on PostgreSQL, in memory on H2. {@code quartz:} stays this instance's own
     * (heartbeat, reference data), in memory.
     */
    private void wireClusterScheduler(CamelContext camel) {
        QuartzComponent cluster = new QuartzComponent();
        // Camel's jobs find their context under the name the route's job carries (usingFixedCamelContextName), which is
        // the same on every instance, also on two runtimes in one JVM whose management names differ
        clusterScheduler = new ClusterScheduler(store, instances.instanceId(),
                settings.getDuration("finbridge.scheduler.checkin-interval", Duration.ofMillis(7500)),
                Map.of(QuartzConstants.QUARTZ_CAMEL_CONTEXT + "-" + camel.getName(), camel));
        cluster.setSchedulerFactory(clusterScheduler);
        camel.addComponent("quartz-cluster", cluster);
    }

    /** The posting foundation the flows end in (docs/posting.md): binder, leases, batches, posting rules. */
    private void wirePosting(CamelContext camel, OdooReferences references, OwnershipGuard ownership) {
        Binder binder = new Binder(store, Clock.systemUTC());
        PostingLocks locks = new PostingLocks(store, instances::instanceId, Clock.systemUTC(),
                settings.getDuration("finbridge.posting.lease", Duration.ofMinutes(2)),
                settings.getDuration("finbridge.inbox.stale-claim", Duration.ofSeconds(60)));
        camel.getRegistry().bind(Binder.BEAN_NAME, binder);
        camel.getRegistry().bind(PostingBatches.BEAN_NAME, new PostingBatches(binder, locks,
                settings.getDuration("finbridge.posting.lock-wait", Duration.ofSeconds(5)),
                settings.getDuration("finbridge.posting.await-timeout", Duration.ofMinutes(5)),
                settings.getBoolean("finbridge.posting.search-fresh-keys", false)));
        PartnerPostings partners = PartnerPostings.fromSettings(mappings, ownership, references, settings);
        camel.getRegistry().bind(PartnerPostings.BEAN_NAME, partners);
        ProductCatalog products = new ProductCatalog(mappings::reference, references, Clock.systemUTC(),
                settings.getDuration("finbridge.products.unknown-ttl", Duration.ofMinutes(10)),
                settings.getInt("finbridge.products.cache-size", 20_000), metrics);
        camel.getRegistry().bind(ProductCatalog.BEAN_NAME, products);
        InvoicePostings invoices = new InvoicePostings(mappings, references, products, partners, binder);
        camel.getRegistry().bind(InvoicePostings.BEAN_NAME, invoices);
        camel.getRegistry().bind(CancellationPostings.BEAN_NAME,
                new CancellationPostings(invoices, references, binder));
        camel.getRegistry().bind(SettlementPostings.BEAN_NAME, new SettlementPostings(mappings, references, binder));
        camel.getRegistry().bind(RefundPostings.BEAN_NAME, new RefundPostings(references, products, invoices, binder));
        camel.getRegistry().bind(StripeBalancePostings.BEAN_NAME, new StripeBalancePostings(mappings, references, binder));
        camel.getRegistry().bind(PaymentPostings.BEAN_NAME, new PaymentPostings(mappings,
                references, binder, settings.getDuration("finbridge.payments.invoice-wait", Duration.ofHours(72)),
                settings.getDuration("finbridge.payments.match-window", Duration.ofDays(7))));
    }

    /**
     * Shopify's Admin API (camel-http), which the payments flow reads an order's transactions from; each shop's access
     * token stays in the HTTP client, never in a header.
     */
    private void wireShopifyApi(CamelContext camel) {
        ShopifyAdminApi admin = ShopifyAdminApi.fromSettings(settings);
        camel.getRegistry().bind(ShopifyAdminApi.BEAN_NAME, admin);
        camel.getRegistry().bind(ShopifyHttp.BEAN_NAME, new ShopifyHttp(admin::tokenOf,
                settings.getDuration("finbridge.shopify.timeout", Duration.ofSeconds(30))));
        if (settings.find("finbridge.shopify.access-token").isEmpty() && settings.find("finbridge.webhooks.shopify.secret").isPresent()) {
            LOG.warn("Shopify webhooks are on but finbridge.shopify.access-token is not set ({}): orders/paid events go to the "
                    + "exception queue unless their shop has its own token (finbridge.shopify.shop.<shop>.access-token), since "
                    + "an order's payments are read from its Admin API", Settings.envName("finbridge.shopify.access-token"));
        }
    }

    /**
     * The Stripe API (camel-http) the settlement flow reads a payout's balance transactions from; the key stays in the
     * HTTP client, never in a header.
     */
    private void wireStripeApi(CamelContext camel) {
        String key = settings.find("finbridge.stripe.api-key").orElse(null);
        StripeHttp http = new StripeHttp(key, settings.getDuration("finbridge.stripe.timeout", Duration.ofSeconds(30)));
        camel.getRegistry().bind(StripeHttp.BEAN_NAME, http);
        camel.getRegistry().bind(StripeApi.BEAN_NAME, StripeApi.fromSettings(http, settings));
        if (key == null && settings.find("finbridge.webhooks.stripe.secret").isPresent()) {
            LOG.warn("Stripe webhooks are on but finbridge.stripe.api-key is not set ({}): payout events go to the exception "
                    + "queue until it is, since a payout is settled from its balance transactions read from Stripe",
                    Settings.envName("finbridge.stripe.api-key"));
        }
    }

    /** Webhooks to inbox to workers, the exception queue and the audit trail (docs/inbound.md). */
    private void wireInbound(CamelContext camel) {
        AuditTrail audit = new AuditTrail();
        ExceptionQueue exceptions = new ExceptionQueue(store, audit);
        Inbox inbox = new Inbox(store, audit, exceptions);
        dispatcher = new InboxDispatcher(camel, inbox, new FailureClassifier(), instances::instanceId,
                InboxPolicy.from(settings), metrics, odooReachability::check);
        dispatcher.setTracing(tracing);
        receiptChainer = new ReceiptChainer(store, audit, dispatcher::nudge);
        // one writer by default: on 2 cores four parallel writers on PostgreSQL made the p99 worse (bench/README.md);
        // more writers share PostgreSQL's WAL flushes where there are cores for them
        inboxWriter = new InboxWriter(store, receiptChainer::nudge, settings.getInt("finbridge.inbox.writers", 1));
        WebhookSources sources = new WebhookSources(settings, Clock.systemUTC());
        WebhookMetrics webhookMetrics = new WebhookMetrics(metrics, sources.names());
        WebhookGateway gateway = new WebhookGateway(sources, inboxWriter, webhookMetrics,
                settings.getDuration("finbridge.inbox.store-timeout", Duration.ofSeconds(4)),
                settings.find("finbridge.webhooks.public-url").orElse(null));
        FlowTrail flowTrail = new FlowTrail();
        camel.getManagementStrategy().addEventNotifier(flowTrail);
        camel.getRegistry().bind("flowTrail", flowTrail);
        camel.getRegistry().bind("webhookGateway", gateway);
        camel.getRegistry().bind("inbox", inbox);
        camel.getRegistry().bind("auditTrail", audit);
        camel.getRegistry().bind("exceptionQueue", exceptions);
        camel.getRegistry().bind("exceptionsApi", new ExceptionsApi(exceptions, dispatcher::nudge));
        camel.getRegistry().bind("eventsApi", new EventsApi(store, inbox, dispatcher::nudge));
        camel.getRegistry().bind("auditApi", new AuditApi(new AuditVerifier(store)));
        camel.getRegistry().bind("sandboxApi", new SandboxApi(simulator));
        camel.getRegistry().bind(InboxRetention.BEAN_NAME, new InboxRetention(store, audit, RetentionPolicy.from(settings), clock));
        http.limitBodies("/webhooks/", settings.getLong("finbridge.webhooks.max-body-bytes", 1_048_576));
        http.refusals().countWebhooksIn(webhookMetrics::refused);
    }

    /** Revenue schedules and recognition runs (docs/flows/revenue.md). */
    private void wireRevenue(CamelContext camel) {
        AuditTrail audit = camel.getRegistry().lookupByNameAndType("auditTrail", AuditTrail.class);
        PeriodLength length;
        java.time.ZoneId zone;
        try {
            length = PeriodLength.of(settings.get("finbridge.revenue.period", "month"));
            zone = java.time.ZoneId.of(settings.get("finbridge.revenue.zone", "UTC"));
        } catch (RuntimeException ex) {
            throw new ConfigurationException("finbridge.revenue: " + ex.getMessage());
        }
        RevenueSchedules schedules = new RevenueSchedules(store, audit, length, zone, clock);
        RecognitionRuns runs = new RecognitionRuns(store, schedules, audit, clock,
                settings.getDuration("finbridge.revenue.claim-timeout", Duration.ofMinutes(10)));
        camel.getRegistry().bind(RevenueSchedules.BEAN_NAME, schedules);
        camel.getRegistry().bind(RecognitionRuns.BEAN_NAME, runs);
        camel.getRegistry().bind("revenueApi", new RevenueApi(schedules, runs));
        camel.getRegistry().bind(BillingPostings.BEAN_NAME, new BillingPostings(mappings,
                camel.getRegistry().lookupByNameAndType(OdooReferences.BEAN_NAME, OdooReferences.class),
                camel.getRegistry().lookupByNameAndType(InvoicePostings.BEAN_NAME, InvoicePostings.class),
                camel.getRegistry().lookupByNameAndType(Binder.BEAN_NAME, Binder.class), schedules,
                settings.getBoolean("finbridge.revenue.enterprise-deferral", false)));
        wireUsage(camel, zone);
    }

    /** Usage billing: intake, running totals per customer, meter and period, rating at period close. */
    private void wireUsage(CamelContext camel, java.time.ZoneId zone) {
        Path mappingsRoot = Path.of(settings.get("finbridge.mappings.location"));
        java.util.concurrent.atomic.AtomicReference<PricingPlans> plans = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            plans.set(PricingPlans.load(mappingsRoot));
        } catch (IllegalArgumentException ex) {
            throw new ConfigurationException(ex.getMessage());
        }
        mappings.onReload(set -> {
            try {
                plans.set(PricingPlans.load(mappingsRoot));
            } catch (IllegalArgumentException ex) {
                LOG.error("Usage price plans not reloaded, the previous ones stay in use: {}", ex.getMessage());
            }
        });
        PeriodLength length;
        try {
            length = PeriodLength.of(settings.get("finbridge.usage.period", "month"));
        } catch (IllegalArgumentException ex) {
            throw new ConfigurationException("finbridge.usage.period: " + ex.getMessage());
        }
        Duration settle = settings.getDuration("finbridge.usage.settle", Duration.ofSeconds(30));
        UsageEvents events = new UsageEvents(store, length, zone, settings.getDuration("finbridge.usage.grace", Duration.ofDays(2)), clock);
        UsageTransaction transaction = new UsageTransaction(store.dataSource(), settle);
        JdbcMessageIdRepository ids = new JdbcMessageIdRepository(store.dataSource(), new TransactionTemplate(transaction.manager()), "usage");
        ids.setTableName("usage_message_processed");
        ids.setCreateTableIfNotExists(false);
        // the plain repository on both databases: camel-sql 4.18's PostgresAggregationRepository failed every first
        // insert here (OptimisticLockingException); group locks (UsageEvents) keep concurrent inserts apart instead
        JdbcAggregationRepository totals = new JdbcAggregationRepository(transaction.manager(), "usage_aggregation", store.dataSource());
        totals.setUseRecovery(true);
        totals.setRecoveryInterval(settings.getDuration("finbridge.usage.recovery-interval", Duration.ofSeconds(5)).toMillis());
        totals.setMaximumRedeliveries(settings.getInt("finbridge.usage.max-redeliveries", 5));
        totals.setDeadLetterUri("direct:usage-batch-unsent");
        // the running totals are a Finbridge record: let Java deserialization read that and nothing else of ours
        totals.setDeserializationFilter("java.**;org.apache.camel.**;io.finbridge.usage.UsageTotals;!*");
        UsageIntake intake = new UsageIntake(plans::get, clock);
        camel.getRegistry().bind(UsageTransaction.BEAN_NAME, transaction);
        camel.getRegistry().bind("usageMessageIds", ids);
        camel.getRegistry().bind(AcceptedEvents.BEAN_NAME, new AcceptedEvents());
        camel.getRegistry().bind(UsageTotalsStrategy.BEAN_NAME, new UsageTotalsStrategy());
        camel.getRegistry().bind("usageAggregationRepository", totals);
        camel.getRegistry().bind(UsageEvents.BEAN_NAME, events);
        camel.getRegistry().bind(UsageIntake.BEAN_NAME, intake);
        camel.getRegistry().bind(UsageRating.BEAN_NAME, new UsageRating(store, plans::get, events, zone, clock));
        camel.getRegistry().bind(UsageClose.BEAN_NAME, new UsageClose(totals, events, settle, clock));
        camel.getRegistry().bind("usageApi", new UsageApi(intake, events));
    }

    private void stopServing() {
        stopQuietly(http);
        if (dispatcher != null) {
            try {
                dispatcher.stop();
            } catch (RuntimeException ex) {
                LOG.warn("Stopping inbox workers: {}", ex.getMessage());
            }
        }
    }

    /**
     * {@code finbridge.routes.location}: one folder, or several folders or single route files separated by commas
     * (the first folder reloads in dev).
     */
    private List<Path> routeFolders() {
        List<Path> folders = new ArrayList<>();
        for (String location : settings.get("finbridge.routes.location").split(",")) {
            if (location.isBlank()) {
                continue;
            }
            Path folder = Path.of(location.trim()).toAbsolutePath().normalize();
            if (!Files.isDirectory(folder) && !(Files.isRegularFile(folder) && folder.toString().endsWith(".yaml"))) {
                throw new ConfigurationException("Routes folder not found: " + folder
                        + " (set finbridge.routes.location / FINBRIDGE_ROUTES_LOCATION)");
            }
            folders.add(folder);
        }
        if (folders.isEmpty()) {
            throw new ConfigurationException("finbridge.routes.location names no folder");
        }
        return folders;
    }

    /** The profile rules that keep a sandbox out of production and production complete. */
    static void checkProfile(Settings settings) {
        Profile p = settings.profile();
        if (p == Profile.SANDBOX) {
            if (settings.find("finbridge.odoo.url").isPresent()) {
                throw new ConfigurationException("Profile sandbox uses a simulated Odoo, but finbridge.odoo.url is set ("
                        + settings.get("finbridge.odoo.url") + "). Unset FINBRIDGE_ODOO_URL, or choose FINBRIDGE_PROFILE=dev or prod.");
            }
            return;
        }
        StringBuilder missing = new StringBuilder();
        for (String key : new String[] {"finbridge.odoo.url", "finbridge.odoo.database", "finbridge.odoo.login",
                "finbridge.odoo.api-key", "finbridge.console.password"}) {
            if (settings.find(key).isEmpty()) {
                missing.append("\n  ").append(key).append(" (").append(Settings.envName(key)).append(')');
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigurationException("Profile " + p.id() + " needs these settings:" + missing);
        }
    }

    /** Where the console is unpacked: a fresh temporary folder, removed at stop. */
    private Path workDirectory() {
        try {
            workDir = Files.createTempDirectory("finbridge-console-");
            return workDir;
        } catch (java.io.IOException ex) {
            throw new IllegalStateException("Cannot create a working folder for the console: " + ex.getMessage(), ex);
        }
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public Settings settings() {
        return settings;
    }

    public Store store() {
        return store;
    }

    public MappingRegistry mappings() {
        return mappings;
    }

    public int httpPort() {
        return http.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort();
    }

    @Override
    public void close() {
        try {
            if (main.getCamelContext() != null) {
                main.stop();
            }
        } catch (Exception ex) {
            LOG.warn("Stopping Camel: {}", ex.getMessage());
        }
        closeResources();
    }

    private void closeResources() {
        stopServing();
        if (clusterScheduler != null) {
            try {
                clusterScheduler.shutdown();
            } catch (RuntimeException ex) {
                LOG.warn("Stopping the cluster's scheduler: {}", ex.getMessage());
            }
            clusterScheduler = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
        if (stripeSimulator != null) {
            stripeSimulator.close();
            stripeSimulator = null;
        }
        if (metrics != null) {
            metrics.close();
        }
        tracing.close(); // flushes the spans not exported yet
        tracing = Tracing.off();
        if (workDir != null) {
            try (var files = Files.walk(workDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException ex) {
                LOG.debug("Console working folder {} not removed: {}", workDir, ex.getMessage());
            }
            workDir = null;
        }
    }

    private static void stopQuietly(HttpServer server) {
        if (server != null) {
            try {
                server.stop();
            } catch (RuntimeException ex) {
                LOG.warn("Stopping HTTP: {}", ex.getMessage());
            }
        }
    }

    private static String randomKey() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
