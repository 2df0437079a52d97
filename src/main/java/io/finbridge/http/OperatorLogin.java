package io.finbridge.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The one operator login of {@code finbridge.console.*}: the console (Hawtio's login page and HTTP Basic on Jolokia),
 * the operator API and the review page (HTTP Basic, realm "Finbridge"). The password is compared in constant time and
 * never leaves this class but to the console's JAAS realm.
 */
public final class OperatorLogin {

    public static final String ROLE = "operator";
    public static final String REALM = "Finbridge";

    private final String username;
    private final String password;

    public OperatorLogin(String username, String password) {
        if (username == null || username.isBlank() || password == null || password.isBlank()) {
            throw new IllegalArgumentException("console username and password are required");
        }
        this.username = username;
        this.password = password;
    }

    /** Whether {@code user} and {@code givenPassword} are the operator's; both are compared whatever the first gives. */
    public boolean matches(String user, String givenPassword) {
        boolean userOk = user != null && same(username, user);
        boolean passwordOk = givenPassword != null && same(password, givenPassword);
        return userOk & passwordOk;
    }

    private static boolean same(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    public String username() {
        return username;
    }
}
