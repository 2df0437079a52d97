package io.finbridge.http;

import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.util.security.Credential;

/**
 * The one operator login that guards the console and the REST API (HTTP Basic, realm "Finbridge"). Jetty compares
 * the password in constant time; the password itself is held only by Jetty's credential.
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

    /** A security handler that asks for the operator login on the given path specs and lets the rest through. */
    public ConstraintSecurityHandler guarding(String... pathSpecs) {
        UserStore users = new UserStore();
        users.addUser(username, Credential.getCredential(password), new String[] {ROLE});
        HashLoginService loginService = new HashLoginService(REALM);
        loginService.setUserStore(users);

        ConstraintSecurityHandler security = new ConstraintSecurityHandler();
        security.setAuthenticator(new BasicAuthenticator());
        security.setLoginService(loginService);
        security.setRealmName(REALM);
        for (String spec : pathSpecs) {
            ConstraintMapping mapping = new ConstraintMapping();
            mapping.setPathSpec(spec);
            mapping.setConstraint(Constraint.from(ROLE));
            security.addConstraintMapping(mapping);
        }
        return security;
    }

    public String username() {
        return username;
    }

    /** For the JAAS realm of the console only; never logged. */
    String password() {
        return password;
    }
}
