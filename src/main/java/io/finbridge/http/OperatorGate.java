package io.finbridge.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.security.Principal;

/**
 * The authorization layer: the first filter of every context on the port (the root context and the console), deny by
 * default. A path its context's {@link AccessPolicy} lists as public passes; every other one needs the operator
 * login, checked here before anything else runs:
 * <ul>
 *   <li>a browser's request from another origin ({@code Origin} not this server's, nor an allowed one) gets 403;</li>
 *   <li>an address over its failed-login budget gets 429 with {@code Retry-After}, without its credentials being
 *       looked at;</li>
 *   <li>{@code Authorization: Basic} with the operator's user and password passes, as that user (the name the audit
 *       trail records); a malformed header gets 400, another scheme or wrong credentials 401, each a failed login;</li>
 *   <li>in the console, Hawtio's own logged-in session passes too (its login page);</li>
 *   <li>anything else gets 401.</li>
 * </ul>
 * The console's login form is public but throttled the same way: a refused form login counts as a failed login.
 */
final class OperatorGate extends HttpFilter {

    /** Hawtio keeps its logged-in subject and user name in these session attributes (io.hawt.web.auth.AuthSessionHelpers). */
    static final String HAWTIO_SUBJECT = "subject";
    static final String HAWTIO_USER = "user";
    private static final String LOGIN_FORM = "/auth/login";

    private final AccessPolicy policy;
    private final OperatorLogin login;
    private final LoginThrottle throttle;
    private final AllowedOrigins origins;
    private final Refusals refusals;
    private final boolean console;

    /** @param console whether this gate guards the Hawtio console (sessions, its login form, no Basic challenge) */
    OperatorGate(AccessPolicy policy, OperatorLogin login, LoginThrottle throttle, AllowedOrigins origins, Refusals refusals,
                 boolean console) {
        this.policy = policy;
        this.login = login;
        this.throttle = throttle;
        this.origins = origins;
        this.refusals = refusals;
        this.console = console;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
        String path = pathInContext(req);
        if (policy.isPublic(path)) {
            if (console && path.equals(LOGIN_FORM) && "POST".equals(req.getMethod())) {
                loginForm(req, res, chain);
            } else {
                chain.doFilter(console ? new Authenticated(req, null) : req, res);
            }
            return;
        }
        if (!origins.allows(req)) {
            refuse(req, res, 403, "forbidden_origin", "requests from origin " + req.getHeader("Origin") + " are not accepted");
            return;
        }
        String remote = req.getRemoteAddr();
        long wait = throttle.retryAfterSeconds(remote);
        if (wait > 0) {
            res.setHeader("Retry-After", Long.toString(wait));
            refuse(req, res, 429, "rate_limited", "too many failed logins from this address; retry in " + wait + " s");
            return;
        }
        String header = req.getHeader("Authorization");
        if (header != null) {
            authenticate(req, res, chain, header.trim(), remote);
            return;
        }
        String sessionUser = console ? hawtioUser(req) : null;
        if (sessionUser != null) {
            chain.doFilter(new Authenticated(req, sessionUser), res);
            return;
        }
        challenge(res);
        refuse(req, res, 401, "unauthenticated", "the operator login is required");
    }

    private void authenticate(HttpServletRequest req, HttpServletResponse res, FilterChain chain, String header, String remote)
            throws IOException, ServletException {
        if (!BasicCredentials.isBasic(header)) {
            throttle.failed(remote);
            challenge(res);
            refuse(req, res, 401, "bad_credentials", "only HTTP Basic credentials are accepted here");
            return;
        }
        BasicCredentials credentials;
        try {
            credentials = BasicCredentials.parse(header);
        } catch (BasicCredentials.Malformed ex) {
            throttle.failed(remote);
            refuse(req, res, 400, "malformed_credentials", "malformed Authorization header: " + ex.getMessage());
            return;
        }
        if (!login.matches(credentials.user(), credentials.password())) {
            throttle.failed(remote);
            challenge(res);
            refuse(req, res, 401, "bad_credentials", "wrong user name or password");
            return;
        }
        chain.doFilter(new Authenticated(req, credentials.user()), res);
    }

    /** Hawtio checks the form's credentials itself; this throttles it and counts its refusals as failed logins. */
    private void loginForm(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
        String remote = req.getRemoteAddr();
        if (!origins.allows(req)) {
            refuse(req, res, 403, "forbidden_origin", "logins from origin " + req.getHeader("Origin") + " are not accepted");
            return;
        }
        long wait = throttle.retryAfterSeconds(remote);
        if (wait > 0) {
            res.setHeader("Retry-After", Long.toString(wait));
            refuse(req, res, 429, "rate_limited", "too many failed logins from this address; retry in " + wait + " s");
            return;
        }
        chain.doFilter(new Authenticated(req, null), new RefusedLoginWatch(res, status -> {
            throttle.failed(remote);
            refusals.refused(req.getRequestURI(), remote, status, "bad_credentials", "console login refused");
        }));
    }

    /**
     * Hears Hawtio refuse a login as it sets the status, before the answer can reach the client: counted any later,
     * the client's next attempt could arrive first.
     */
    private static final class RefusedLoginWatch extends HttpServletResponseWrapper {
        private final java.util.function.IntConsumer refused;
        private boolean heard;

        RefusedLoginWatch(HttpServletResponse response, java.util.function.IntConsumer refused) {
            super(response);
            this.refused = refused;
        }

        private void status(int sc) {
            if (!heard && (sc == 401 || sc == 403 || sc == 429)) {
                heard = true;
                refused.accept(sc);
            }
        }

        @Override
        public void setStatus(int sc) {
            status(sc);
            super.setStatus(sc);
        }

        @Override
        public void sendError(int sc) throws IOException {
            status(sc);
            super.sendError(sc);
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            status(sc);
            super.sendError(sc, msg);
        }
    }

    private void challenge(HttpServletResponse res) {
        // the console has its own login page: a Basic challenge there would make browsers prompt on every expired session
        if (!console) {
            res.setHeader("WWW-Authenticate", "Basic realm=\"" + OperatorLogin.REALM + "\", charset=\"UTF-8\"");
        }
    }

    private void refuse(HttpServletRequest req, HttpServletResponse res, int status, String outcome, String reason) throws IOException {
        refusals.refused(req.getRequestURI(), req.getRemoteAddr(), status, outcome, reason);
        ErrorAnswer.write(res, status, outcome, reason);
    }

    private static String hawtioUser(HttpServletRequest req) {
        HttpSession session = req.getSession(false);
        if (session == null || session.getAttribute(HAWTIO_SUBJECT) == null) {
            return null;
        }
        return session.getAttribute(HAWTIO_USER) instanceof String user ? user : null;
    }

    static String pathInContext(HttpServletRequest req) {
        String servletPath = req.getServletPath() == null ? "" : req.getServletPath();
        String pathInfo = req.getPathInfo() == null ? "" : req.getPathInfo();
        String path = servletPath + pathInfo;
        return path.isEmpty() ? "/" : path;
    }

    /**
     * The request as the application sees it: its user is the operator who logged in (or nobody on a public path).
     * {@code logout()} only forgets that user: there is no container login to end (Hawtio's logout calls it and
     * clears its own session).
     */
    private static final class Authenticated extends HttpServletRequestWrapper {
        private final String user;

        Authenticated(HttpServletRequest request, String user) {
            super(request);
            this.user = user;
        }

        @Override
        public String getRemoteUser() {
            return user;
        }

        @Override
        public Principal getUserPrincipal() {
            return user == null ? null : () -> user;
        }

        @Override
        public boolean isUserInRole(String role) {
            return user != null && OperatorLogin.ROLE.equals(role);
        }

        @Override
        public String getAuthType() {
            return user == null ? null : HttpServletRequest.BASIC_AUTH;
        }

        @Override
        public void logout() {
            // nothing held beyond this request
        }
    }
}
