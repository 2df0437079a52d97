package io.finbridge.http;

import java.util.Optional;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The first handler every request meets: a path not in {@link CanonicalPath canonical form} is answered 400 with the
 * reason before any context is chosen, so authorization and routing only ever see paths they read alike.
 */
final class PathGuard extends Handler.Wrapper {

    private final CanonicalPath canonical;
    private final Refusals refusals;

    PathGuard(CanonicalPath canonical, Refusals refusals, Handler next) {
        super(next);
        this.canonical = canonical;
        this.refusals = refusals;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String raw = request.getHttpURI().getPath();
        Optional<String> problem = canonical.problem(raw);
        if (problem.isPresent()) {
            String reason = "the path is not in canonical form: " + problem.get();
            refusals.refused(raw, Request.getRemoteAddr(request), 400, "bad_path", reason);
            ErrorAnswer.write(response, callback, 400, "bad_path", reason, false);
            return true;
        }
        return super.handle(request, response, callback);
    }
}
