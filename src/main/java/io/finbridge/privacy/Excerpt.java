package io.finbridge.privacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a log line, an error answer or a review message may show of a value that came from outside (a payload field,
 * a header, a database's message that quotes one): a bounded excerpt, emails masked, control characters escaped. A
 * customer's email or a 1 MB field never reaches a log this way. The one place that decides how values are shown;
 * everything that prints a received value goes through it.
 */
public final class Excerpt {

    /** How much of one value is shown: enough to recognise it, not a payload. */
    public static final int VALUE = 60;
    /** How much of a message (which may quote values) is shown. */
    public static final int MESSAGE = 500;

    // local part, @, domain with a dot: what a reader would call an email address
    private static final Pattern EMAIL = Pattern.compile("([\\p{L}\\p{N}._%+'-])[\\p{L}\\p{N}._%+'-]*@([\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+)");

    private Excerpt() {
    }

    /** One received value, quoted as a reader would write it in a sentence: {@code 'j***@example.com'}. */
    public static String of(Object value) {
        return value == null ? "nothing" : "'" + bounded(String.valueOf(value), VALUE) + "'";
    }

    /** One received value, unquoted and bounded to {@link #VALUE} characters. */
    public static String bare(Object value) {
        return value == null ? null : bounded(String.valueOf(value), VALUE);
    }

    /** A whole message that may quote received values, bounded to {@link #MESSAGE} characters. */
    public static String message(String text) {
        return text == null ? null : bounded(text, MESSAGE);
    }

    /**
     * Masks emails, escapes control characters and cuts to {@code max} characters, saying how many were left out.
     * Masking comes first, so a cut never leaves half an address readable.
     */
    public static String bounded(String text, int max) {
        // a value far over the bound is cut before masking: the regex never runs over a megabyte
        String head = text.length() > max * 2 + 200 ? text.substring(0, max * 2 + 200) : text;
        String shown = escape(mask(head));
        if (shown.length() <= max && head.length() == text.length()) {
            return shown;
        }
        int cut = Math.min(max, shown.length());
        if (cut > 0 && Character.isHighSurrogate(shown.charAt(cut - 1))) {
            cut--;
        }
        return shown.substring(0, cut) + "… (" + text.length() + " characters)";
    }

    /** {@code jane.doe@example.com} becomes {@code j***@example.com}: the domain helps support, the person stays out. */
    static String mask(String text) {
        if (text.indexOf('@') < 0) {
            return text;
        }
        Matcher m = EMAIL.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "***@" + m.group(2)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < 0x20 || ch == 0x7f) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 8).append(text, 0, i);
                }
                out.append(String.format("\\u%04x", (int) ch));
            } else if (out != null) {
                out.append(ch);
            }
        }
        return out == null ? text : out.toString();
    }
}
