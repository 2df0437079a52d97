package io.finbridge.odoo;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of the Odoo server the component talks to: {@code 17.0}, {@code 19.0}, or an Odoo Online release such
 * as {@code saas~18.3} (major 18, minor 3). Field names and protocols differ by version; this is what callers compare.
 *
 * @param major e.g. 19
 * @param minor 0 for a stable release, the SaaS step otherwise
 * @param text the version as the server wrote it, e.g. {@code 19.0-20251216}
 */
public record OdooVersion(int major, int minor, String text) {

    /** The first release with the JSON-2 API ({@code /json/2}) and {@code GET /web/version}. */
    public static final int FIRST_JSON2 = 19;

    private static final Pattern NUMBERS = Pattern.compile("(\\d+)(?:\\.(\\d+))?");

    public OdooVersion {
        if (major <= 0) {
            throw new IllegalArgumentException("Odoo major version must be positive: " + major);
        }
        text = text == null || text.isBlank() ? major + "." + minor : text;
    }

    public static OdooVersion of(int major, int minor) {
        return new OdooVersion(major, minor, null);
    }

    /**
     * Reads Odoo's own answer: {@code version_info} ({@code GET /web/version}) or {@code server_version_info}
     * ({@code common.version}), whose first item is the major (a number, or {@code "saas~18"} on Odoo Online) and the
     * second the minor; else the numbers of {@code server_serie}, {@code server_version} or {@code version}.
     *
     * @throws OdooException (CONFIGURATION) when the answer names no version
     */
    public static OdooVersion of(Map<String, ?> answer) {
        String text = firstText(answer, "version", "server_version", "server_serie");
        for (String key : new String[] {"version_info", "server_version_info"}) {
            if (answer.get(key) instanceof List<?> info && !info.isEmpty()) {
                Integer major = info.get(0) instanceof Number n ? Integer.valueOf(n.intValue()) : leadingNumber(info.get(0));
                if (major != null && major > 0) {
                    int minor = info.size() > 1 && info.get(1) instanceof Number n ? n.intValue() : 0;
                    return new OdooVersion(major, minor, text);
                }
            }
        }
        for (String key : new String[] {"server_serie", "server_version", "version"}) {
            Object v = answer.get(key);
            Matcher m = v == null ? null : NUMBERS.matcher(String.valueOf(v));
            if (m != null && m.find() && Integer.parseInt(m.group(1)) > 0) {
                return new OdooVersion(Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)), text);
            }
        }
        throw OdooException.of(OdooErrorClass.CONFIGURATION, "web", "version", null,
                "cannot tell the Odoo version from " + answer + ": set finbridge.odoo.protocol", null);
    }

    /** True from {@code major.minor} on: {@code atLeast(18, 1)} holds for saas~18.1, 18.4 and 19.0, not for 18.0. */
    public boolean atLeast(int major, int minor) {
        return this.major > major || this.major == major && this.minor >= minor;
    }

    /** Whether the server has the JSON-2 API. */
    public boolean hasJson2() {
        return major >= FIRST_JSON2;
    }

    private static Integer leadingNumber(Object o) {
        Matcher m = o == null ? null : NUMBERS.matcher(String.valueOf(o));
        return m != null && m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    private static String firstText(Map<String, ?> answer, String... keys) {
        for (String key : keys) {
            if (answer.get(key) != null) {
                return String.valueOf(answer.get(key));
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return text;
    }
}
