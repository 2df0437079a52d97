package io.finbridge.http;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a request path, as the client sent it (still percent-encoded), is in the one form Finbridge authorizes and
 * routes. Authorization matches paths case-exactly while Camel's REST matching ignores case and Jetty decodes and
 * normalizes, so a path that two of them could read differently is refused rather than interpreted:
 * <ul>
 *   <li>a case variant of a top-level segment ({@code /API/status}, {@code /Hawtio/jolokia});</li>
 *   <li>{@code ;} path parameters, backslashes, empty segments ({@code //}) and {@code .}/{@code ..} segments;</li>
 *   <li>percent-encoded letters, digits, {@code -._~} (which have a plain spelling: {@code %61pi}), and encoded
 *       {@code / \ ; %} (which would change the segments once decoded); control characters.</li>
 * </ul>
 * Other encodings ({@code %20}, UTF-8 bytes, {@code %3A}) stay allowed: Jolokia and the console use them.
 */
final class CanonicalPath {

    private final Set<String> topLevel;

    /** @param topLevel the first path segments this server serves, in their one spelling ({@code api}, {@code hawtio}) */
    CanonicalPath(Set<String> topLevel) {
        this.topLevel = Set.copyOf(topLevel);
    }

    /** Empty when {@code rawPath} is canonical, else why it is not (for the 400 answer). */
    Optional<String> problem(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return Optional.of("the path must start with /");
        }
        int segmentStart = 1;
        for (int i = 1; i <= rawPath.length(); i++) {
            char c = i < rawPath.length() ? rawPath.charAt(i) : '/';
            if (c == '/') {
                String segment = rawPath.substring(segmentStart, i);
                if (segment.isEmpty() && i < rawPath.length()) {
                    return Optional.of("empty path segment (//)");
                }
                if (segment.equals(".") || segment.equals("..")) {
                    return Optional.of("dot segment (" + segment + ")");
                }
                if (segmentStart == 1) {
                    String first = segment.toLowerCase(Locale.ROOT);
                    if (!topLevel.contains(segment) && topLevel.contains(first)) {
                        return Optional.of("'/" + segment + "' is spelled '/" + first + "'");
                    }
                }
                segmentStart = i + 1;
            } else if (c == ';') {
                return Optional.of("path parameters (;) are not accepted");
            } else if (c == '\\') {
                return Optional.of("backslash in the path");
            } else if (c < 0x20 || c == 0x7f) {
                return Optional.of("control character in the path");
            } else if (c == '%') {
                int decoded = i + 2 < rawPath.length() ? hex(rawPath.charAt(i + 1), rawPath.charAt(i + 2)) : -1;
                if (decoded < 0) {
                    return Optional.of("malformed percent-encoding");
                }
                if (unreserved(decoded)) {
                    return Optional.of("percent-encoded '" + (char) decoded + "' (write it plainly)");
                }
                if (decoded == '/' || decoded == '\\' || decoded == ';' || decoded == '%' || decoded < 0x20 || decoded == 0x7f) {
                    return Optional.of("percent-encoded separator or control character (%" + rawPath.substring(i + 1, i + 3) + ")");
                }
                i += 2;
            }
        }
        return Optional.empty();
    }

    private static boolean unreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static int hex(char hi, char lo) {
        int h = Character.digit(hi, 16);
        int l = Character.digit(lo, 16);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }
}
