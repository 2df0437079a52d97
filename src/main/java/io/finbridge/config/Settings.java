package io.finbridge.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every {@code finbridge.<area>.<setting>}, resolved once at start.
 *
 * <p>Later sources win: {@code application.properties}, then {@code application-<profile>.properties}, then the file
 * named by {@code FINBRIDGE_CONFIG}, then {@code -Dfinbridge.*} system properties, then {@code FINBRIDGE_*} environment
 * variables, then explicit overrides (tests). A secret may also be given as a file: {@code <key>-file} or
 * {@code FINBRIDGE_<KEY>_FILE}, the Docker/Kubernetes secrets habit.
 */
public final class Settings {

    public static final String PREFIX = "finbridge.";
    private static final String ENV_PREFIX = "FINBRIDGE_";
    private static final String FILE_SUFFIX = "-file";
    private static final String[] SECRET_SUFFIXES = {"api-key", "secret", "previous-secret", "password", "token", "previous-token"};

    private final Profile profile;
    private final Map<String, String> values;
    private final Map<String, String> published;

    private Settings(Profile profile, Map<String, String> values, Map<String, String> published) {
        this.profile = profile;
        this.published = Map.copyOf(published);
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** Resolves settings the way the runtime does: process environment and system properties. */
    public static Settings load() {
        return load(System.getenv(), System.getProperties(), Map.of());
    }

    public static Settings load(Map<String, String> env, Properties systemProperties, Map<String, String> overrides) {
        Map<String, String> base = new HashMap<>(classpathProperties("application.properties"));
        Map<String, String> outer = new HashMap<>();
        String configFile = env.get("FINBRIDGE_CONFIG");
        if (configFile != null && !configFile.isBlank()) {
            outer.putAll(fileProperties(Path.of(configFile)));
        }
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                outer.put(name, systemProperties.getProperty(name));
            }
        }
        outer.putAll(fromEnvironment(env, base.keySet()));
        outer.putAll(overrides);

        Profile profile = chooseProfile(base, outer);
        Map<String, String> merged = new HashMap<>(base);
        Map<String, String> profileFile = classpathProperties("application-" + profile.id() + ".properties");
        merged.putAll(profileFile);
        merged.putAll(outer);
        merged.put("finbridge.profile", profile.id());
        readSecretFiles(merged);
        Map<String, String> published = new HashMap<>();
        profileFile.forEach((k, v) -> {
            if (isSecretKey(k) && !v.isBlank()) {
                published.put(k, v);
            }
        });
        return new Settings(profile, merged, published);
    }

    private static Profile chooseProfile(Map<String, String> base, Map<String, String> outer) {
        String chosen = outer.get("finbridge.profile");
        if (chosen != null && !chosen.isBlank()) {
            return Profile.parse(chosen);
        }
        String odooUrl = outer.getOrDefault("finbridge.odoo.url", base.get("finbridge.odoo.url"));
        if (odooUrl != null && !odooUrl.isBlank()) {
            return Profile.PROD;
        }
        throw new ConfigurationException("""
                No profile chosen and no Odoo configured. Choose one with FINBRIDGE_PROFILE:
                  FINBRIDGE_PROFILE=sandbox  try Finbridge with a simulated Odoo, nothing else needed
                  FINBRIDGE_PROFILE=dev      develop routes and mappings against an Odoo of yours (reload on change)
                  FINBRIDGE_PROFILE=prod     run for real (needs FINBRIDGE_ODOO_URL, _DATABASE, _LOGIN, _API_KEY and FINBRIDGE_CONSOLE_PASSWORD)
                Setting FINBRIDGE_ODOO_URL alone selects prod.""");
    }

    /** Setting names with a dash: an environment variable ending in one of these keeps the dash. */
    private static final String[] DASHED = {"previous-secret", "previous-token", "api-key", "dedupe-path", "dedupe-header",
        "type-path", "max-body-bytes", "public-url", "store-timeout", "pool-size"};

    /**
     * FINBRIDGE_ODOO_API_KEY -> finbridge.odoo.api-key when that key is known, else dots for underscores (keeping the
     * dashes of known setting names: FINBRIDGE_WEBHOOKS_ACME_PREVIOUS_TOKEN -> finbridge.webhooks.acme.previous-token).
     * A trailing _FILE names a file holding the value.
     */
    static Map<String, String> fromEnvironment(Map<String, String> env, Set<String> knownKeys) {
        Map<String, String> byEnvName = new HashMap<>();
        for (String key : knownKeys) {
            byEnvName.put(envName(key), key);
        }
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(ENV_PREFIX) || name.equals("FINBRIDGE_CONFIG")) {
                continue;
            }
            String key = byEnvName.get(name);
            if (key == null && name.endsWith("_FILE")) {
                String base = name.substring(0, name.length() - 5);
                key = byEnvName.getOrDefault(base, guessKey(base)) + FILE_SUFFIX;
            }
            if (key == null) {
                key = guessKey(name);
            }
            out.put(key, e.getValue());
        }
        return out;
    }

    private static String guessKey(String envName) {
        String key = envName.toLowerCase(Locale.ROOT).replace('_', '.');
        for (String dashed : DASHED) {
            String dotted = "." + dashed.replace('-', '.');
            if (key.endsWith(dotted)) {
                return key.substring(0, key.length() - dotted.length()) + "." + dashed;
            }
        }
        return key;
    }

    /** The environment variable that overrides a key: upper case, dots and dashes become underscores. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static void readSecretFiles(Map<String, String> merged) {
        for (String fileKey : Set.copyOf(merged.keySet())) {
            if (!fileKey.endsWith(FILE_SUFFIX)) {
                continue;
            }
            String key = fileKey.substring(0, fileKey.length() - FILE_SUFFIX.length());
            String path = merged.get(fileKey);
            if (path == null || path.isBlank() || !isSecretKey(key)) {
                continue;
            }
            try {
                merged.put(key, Files.readString(Path.of(path), StandardCharsets.UTF_8).strip());
            } catch (IOException ex) {
                // the path is not secret; the content is, and it was not read
                throw new ConfigurationException("Cannot read " + key + " from file " + path + ": " + ex.getClass().getSimpleName());
            }
        }
    }

    private static Map<String, String> classpathProperties(String name) {
        try (InputStream in = Settings.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                return Map.of();
            }
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return toMap(p);
        } catch (IOException ex) {
            throw new ConfigurationException("Cannot read " + name + " from the classpath", ex);
        }
    }

    private static Map<String, String> fileProperties(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            return toMap(p);
        } catch (IOException ex) {
            throw new ConfigurationException("Cannot read configuration file " + file + ": " + ex.getMessage(), ex);
        }
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> m = new HashMap<>();
        for (String n : p.stringPropertyNames()) {
            m.put(n, p.getProperty(n).strip());
        }
        return m;
    }

    public static boolean isSecretKey(String key) {
        for (String suffix : SECRET_SUFFIXES) {
            if (key.endsWith("." + suffix) || key.endsWith("-" + suffix)) {
                return true;
            }
        }
        return false;
    }

    public Profile profile() {
        return profile;
    }

    public boolean isSandbox() {
        return profile == Profile.SANDBOX;
    }

    public Optional<String> find(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    public String get(String key) {
        return find(key).orElseThrow(() -> new ConfigurationException(
                "Missing setting " + key + " (environment variable " + envName(key) + ")"));
    }

    public String get(String key, String fallback) {
        return find(key).orElse(fallback);
    }

    public int getInt(String key, int fallback) {
        return find(key).map(v -> parse(key, v, Integer::parseInt)).orElse(fallback);
    }

    public long getLong(String key, long fallback) {
        return find(key).map(v -> parse(key, v, Long::parseLong)).orElse(fallback);
    }

    public boolean getBoolean(String key, boolean fallback) {
        return find(key).map(Boolean::parseBoolean).orElse(fallback);
    }

    /** Durations are written like {@code 30s}, {@code 5m}, {@code 250ms}, {@code 2h} or ISO-8601 {@code PT30S}. */
    public Duration getDuration(String key, Duration fallback) {
        return find(key).map(v -> parse(key, v, Settings::parseDuration)).orElse(fallback);
    }

    static Duration parseDuration(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("p")) {
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        }
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1).trim());
        return switch (s.charAt(s.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> Duration.ofSeconds(Long.parseLong(s));
        };
    }

    private static <T> T parse(String key, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (RuntimeException ex) {
            throw new ConfigurationException("Setting " + key + " has an invalid value '" + (isSecretKey(key) ? "****" : value) + "'");
        }
    }

    /** Every key under a prefix (e.g. {@code finbridge.webhooks.}) with the prefix removed. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** What Camel routes may read as {{finbridge.*}} placeholders: everything except secrets. */
    public Properties placeholders() {
        Properties p = new Properties();
        values.forEach((k, v) -> {
            if (!isSecretKey(k) && !k.endsWith(FILE_SUFFIX)) {
                p.setProperty(k, v);
            }
        });
        return p;
    }

    /** The values that must never be printed; used by the log masker and by tests that grep output. */
    public Set<String> secretValues() {
        Set<String> out = new LinkedHashSet<>();
        values.forEach((k, v) -> {
            if (isSecretKey(k) && v != null && v.length() >= 4) {
                out.add(v);
            }
        });
        return out;
    }

    /**
     * Whether {@code key} holds the value its profile's own file gives it: a secret published with the jar (the
     * sandbox's demo secrets), which anyone who read the README knows.
     */
    public boolean isPublishedSecret(String key) {
        String v = values.get(key);
        return v != null && v.equals(published.get(key));
    }

    /** Settings for the start-up log, secrets shown as set or not set. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> {
            if (k.endsWith(FILE_SUFFIX)) {
                return;
            }
            String shown = isSecretKey(k) ? (v == null || v.isBlank() ? "(not set)" : "(set)") : v;
            sb.append("  ").append(k).append(" = ").append(shown).append('\n');
        });
        return sb.toString();
    }

    /** A copy with some keys replaced, used by the runtime to point the sandbox at its simulator. */
    public Settings with(Map<String, String> changes) {
        Map<String, String> m = new HashMap<>(values);
        m.putAll(changes);
        return new Settings(profile, m, published);
    }
}
