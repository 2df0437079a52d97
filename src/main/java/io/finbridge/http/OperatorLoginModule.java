package io.finbridge.http;

import java.security.Principal;
import java.util.Arrays;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

/**
 * The JAAS realm Hawtio authenticates against (its login page, and HTTP Basic on Jolokia): the one operator login
 * of {@code finbridge.console.*}, compared in constant time, granting the role {@value OperatorLogin#ROLE}.
 */
public final class OperatorLoginModule implements LoginModule {

    static final String REALM = "finbridge";
    private static volatile OperatorLogin operator;

    private Subject subject;
    private CallbackHandler callbacks;
    private String authenticated;

    /** Makes {@code login} the realm's only user and registers the realm with JAAS (other realms are left as they are). */
    static synchronized void install(OperatorLogin login) {
        operator = login;
        Configuration previous = currentConfiguration();
        if (previous instanceof Realm) {
            return;
        }
        Configuration.setConfiguration(new Realm(previous));
    }

    private static Configuration currentConfiguration() {
        try {
            return Configuration.getConfiguration();
        } catch (SecurityException ex) {
            return null; // no JAAS configuration in this JVM yet
        }
    }

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
    }

    @Override
    public boolean login() throws LoginException {
        OperatorLogin expected = operator;
        NameCallback name = new NameCallback("username");
        PasswordCallback password = new PasswordCallback("password", false);
        try {
            callbacks.handle(new Callback[] {name, password});
        } catch (Exception ex) {
            throw new LoginException("cannot read the credentials: " + ex.getMessage());
        }
        char[] given = password.getPassword() == null ? new char[0] : password.getPassword();
        try {
            if (expected == null || !expected.matches(name.getName(), new String(given))) {
                throw new FailedLoginException("wrong username or password");
            }
            authenticated = name.getName();
            return true;
        } finally {
            Arrays.fill(given, '\0');
            password.clearPassword();
        }
    }

    @Override
    public boolean commit() {
        if (authenticated == null) {
            return false;
        }
        subject.getPrincipals().add(new OperatorUser(authenticated));
        subject.getPrincipals().add(new OperatorRole(OperatorLogin.ROLE));
        return true;
    }

    @Override
    public boolean abort() {
        authenticated = null;
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeIf(p -> p instanceof OperatorUser || p instanceof OperatorRole);
        authenticated = null;
        return true;
    }

    /** The operator's name in the subject. */
    public record OperatorUser(String getName) implements Principal {
    }

    /** The operator's role in the subject; Hawtio is told to look for principals of this class. */
    public record OperatorRole(String getName) implements Principal {
    }

    /** The JAAS configuration: this realm, and whatever the JVM had for any other. */
    private static final class Realm extends Configuration {
        private final Configuration others;

        Realm(Configuration others) {
            this.others = others;
        }

        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            if (REALM.equals(name)) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(OperatorLoginModule.class.getName(),
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of())};
            }
            return others == null ? null : others.getAppConfigurationEntry(name);
        }
    }
}
