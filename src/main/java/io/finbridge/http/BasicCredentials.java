package io.finbridge.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** The user and password of an {@code Authorization: Basic <base64(user:password)>} header (RFC 7617, UTF-8). */
record BasicCredentials(String user, String password) {

    /** Why an Authorization header could not be read as Basic credentials; the message is safe to answer. */
    static final class Malformed extends Exception {
        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Whether the header uses the Basic scheme at all (another scheme is not malformed, just not accepted). */
    static boolean isBasic(String header) {
        return header.length() >= 5 && header.substring(0, 5).toLowerCase(Locale.ROOT).equals("basic")
                && (header.length() == 5 || header.charAt(5) == ' ');
    }

    static BasicCredentials parse(String header) throws Malformed {
        String token = header.substring(5).trim();
        if (token.isEmpty()) {
            throw new Malformed("Basic credentials are empty");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException ex) {
            throw new Malformed("Basic credentials are not base64");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(decoded)).toString();
        } catch (CharacterCodingException ex) {
            throw new Malformed("Basic credentials are not UTF-8");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new Malformed("Basic credentials lack the ':' between user and password");
        }
        return new BasicCredentials(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return "BasicCredentials[user=" + user + "]"; // never the password
    }
}
