package io.finbridge;

import io.finbridge.config.ConfigurationException;
import io.finbridge.config.Profile;
import io.finbridge.config.Settings;
import io.finbridge.http.HttpServer;
import io.finbridge.http.OperatorLogin;
import io.finbridge.mapping.MappingRegistry;
import io.finbridge.mapping.MappingWatcher;
import io.finbridge.mapping.match.CustomerMatcher;
import io.finbridge.mapping.ownership.OwnershipGuard;
import io.finbridge.mapping.reference.OdooReferences;
import io.finbridge.odoo.OdooComponent;
import io.finbridge.odoo.OdooConfiguration;
import io.finbridge.odoo.OdooReadinessProbe;
import io.finbridge.ops.OdooHealthCheck;
import io.finbridge.ops.RuntimeInstances;
import io.finbridge.ops.RuntimeStatus;
import io.finbridge.ops.StoreHealthCheck;
import io.finbridge.sandbox.OdooSimulator;
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
import java.util.HexFormat;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.eventnotifier.MicrometerExchangeEventNotifier;
import org.apache.camel.component.micrometer.eventnotifier.MicrometerRouteEventNotifier;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
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
    private Store store;
    private PrometheusMeterRegistry metrics;
    private HttpServer http;
    private RuntimeInstances instances;
    private MappingRegistry mappings;

    public FinbridgeRuntime(Settings settings) {
        this.settings = settings;
    }

    /** Starts everything; returns when the runtime is serving, throws with the reason when it cannot start. */
    public FinbridgeRuntime start() throws Exception {
        try {
            prepare();
            main.start();
            if (!main.getCamelContext().isStarted()) {
                throw new IllegalStateException("Camel did not start");
            }
            LOG.info("Finbridge ready in profile {} on port {}", settings.profile().id(), http.port());
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
        LOG.info("Finbridge starting in profile {}", settings.profile().id());
        // a broken mapping stops start-up here, naming file, line and field, before anything is started
        String mappingsLocation = settings.get("finbridge.mappings.location");
        mappings = MappingRegistry.load(Path.of(mappingsLocation), mappingsLocation);
        if (settings.isSandbox()) {
            simulator = OdooSimulator.start(randomKey());
            settings = settings.with(Map.of(
                    "finbridge.odoo.url", simulator.url(),
                    "finbridge.odoo.database", OdooSimulator.DATABASE,
                    "finbridge.odoo.login", OdooSimulator.LOGIN,
                    "finbridge.odoo.api-key", simulator.apiKey(),
                    "finbridge.odoo.protocol", "jsonrpc"));
            LOG.info("Sandbox: simulated Odoo 17 at {} (database {}); nothing is sent to a real Odoo", simulator.url(), OdooSimulator.DATABASE);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("Settings:\n{}", settings.describe());
        }
        store = Store.open(settings);
        LOG.info("Store: {} ({})", store.dialect(), redactUrl(settings.get("finbridge.store.url")));
        metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ClassLoaderMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
        configureCamel();
    }

    private void configureCamel() {
        Path routes = Path.of(settings.get("finbridge.routes.location")).toAbsolutePath().normalize();
        if (!Files.isDirectory(routes)) {
            throw new ConfigurationException("Routes folder not found: " + routes
                    + " (set finbridge.routes.location / FINBRIDGE_ROUTES_LOCATION)");
        }
        main.setDefaultPropertyPlaceholderLocation("false");
        main.setInitialProperties(settings.placeholders());
        main.configure()
                .withName("finbridge")
                .withJmxEnabled(true)
                .withLoadHealthChecks(true)
                .withShutdownTimeout((int) settings.getDuration("finbridge.shutdown.timeout", Duration.ofSeconds(30)).toSeconds())
                .withShutdownLogInflightExchangesOnTimeout(true)
                .withRoutesIncludePattern("file:" + routes + "/**/*.yaml");
        main.configure().health().withEnabled(true).withExposureLevel("full");
        main.configure().rest().withComponent("servlet").withBindingMode("off");
        if (settings.getBoolean("finbridge.routes.reload", false)) {
            main.configure()
                    .withRoutesReloadEnabled(true)
                    .withRoutesReloadDirectory(routes.toString())
                    .withRoutesReloadDirectoryRecursive(true)
                    .withRoutesReloadPattern("*.yaml");
            LOG.info("Routes reload on change under {}", routes);
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

            @Override
            public void beforeStop(BaseMainSupport m) {
                // stop taking new requests first; requests in flight finish within the grace period
                stopQuietly(http);
            }
        });
    }

    private void wire(CamelContext camel) {
        camel.getRegistry().bind("runtimeStatus", new RuntimeStatus(camel, settings, instances));
        camel.addRoutePolicyFactory(new MicrometerRoutePolicyFactory());
        camel.getManagementStrategy().addEventNotifier(new MicrometerExchangeEventNotifier());
        camel.getManagementStrategy().addEventNotifier(new MicrometerRouteEventNotifier());

        // odoo: for every route, and getClient() for beans; added as a component so Camel stops it (and its HTTP client)
        OdooComponent odoo = new OdooComponent(OdooConfiguration.fromSettings(settings));
        camel.getRegistry().bind("odoo", odoo);
        camel.addComponent("odoo", odoo);
        camel.getRegistry().bind(CustomerMatcher.BEAN_NAME, CustomerMatcher.fromSettings(camel.createProducerTemplate(), store, settings));
        // resolved at start and on a schedule by routes/batch/reference-data-refresh.yaml, and after each mapping reload
        OdooReferences references = new OdooReferences(mappings, camel.createProducerTemplate(), java.time.Clock.systemUTC());
        camel.getRegistry().bind(OdooReferences.BEAN_NAME, references);
        camel.getRegistry().bind(OwnershipGuard.BEAN_NAME, new OwnershipGuard(mappings, store, java.time.Clock.systemUTC()));
        mappings.onReload(set -> {
            try {
                references.refresh();
            } catch (RuntimeException ex) {
                LOG.error("Reference data not refreshed after the mapping reload: {}", ex.getMessage());
            }
        });

        // bound as beans: Camel's health registry picks up every HealthCheck in the bean registry
        camel.getRegistry().bind("storeHealthCheck", new StoreHealthCheck(store));
        if (!settings.isSandbox()) {
            camel.getRegistry().bind("odooHealthCheck", new OdooHealthCheck(
                    new OdooReadinessProbe(odoo::getClient, Duration.ofSeconds(5)), Duration.ofSeconds(5)));
        }

        OperatorLogin login = new OperatorLogin(settings.get("finbridge.console.username"), settings.get("finbridge.console.password"));
        http = new HttpServer(camel,
                settings.get("finbridge.http.host"),
                settings.getInt("finbridge.http.port", 8080),
                settings.getInt("finbridge.http.max-threads", 200),
                settings.getDuration("finbridge.http.shutdown-grace", Duration.ofSeconds(10)),
                login, metrics, workDirectory(), settings.getBoolean("finbridge.console.enabled", true));
        try {
            camel.addService(http, true, true);
            camel.addService(instances, true, true);
            if (settings.getBoolean("finbridge.mappings.reload", settings.getBoolean("finbridge.routes.reload", false))) {
                camel.addService(new MappingWatcher(mappings, Duration.ofMillis(300)), true, true);
            }
        } catch (Exception ex) {
            throw new IllegalStateException("Cannot start the HTTP server: " + ex.getMessage(), ex);
        }
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

    private Path workDirectory() {
        String url = settings.get("finbridge.store.url");
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        if (url.startsWith("jdbc:h2:file:")) {
            String path = url.substring("jdbc:h2:file:".length()).split(";")[0];
            Path parent = Path.of(path).toAbsolutePath().getParent();
            if (parent != null) {
                base = parent;
            }
        }
        return base.resolve("work-" + ProcessHandle.current().pid());
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
        stopQuietly(http);
        if (store != null) {
            store.close();
            store = null;
        }
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
        if (metrics != null) {
            metrics.close();
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

    private static String redactUrl(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1****");
    }
}
