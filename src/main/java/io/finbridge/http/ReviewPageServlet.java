package io.finbridge.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code /review/}: the finance operators' page over the exception queue (list, filter, review, replay with a
 * corrected event, discard with a reason). One static page calling {@code /api/exceptions}; same login as the API.
 */
public final class ReviewPageServlet extends HttpServlet {

    private static final String PAGE = "review/index.html";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        if (path == null) {
            resp.sendRedirect(req.getRequestURI() + "/");
            return;
        }
        if (!path.equals("/") && !path.equals("/index.html")) {
            resp.sendError(404);
            return;
        }
        try (InputStream in = ReviewPageServlet.class.getClassLoader().getResourceAsStream(PAGE)) {
            if (in == null) {
                resp.sendError(404, "review page missing from this build");
                return;
            }
            resp.setContentType("text/html; charset=utf-8");
            resp.setHeader("Cache-Control", "no-store");
            resp.setHeader("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline' 'self'; style-src 'unsafe-inline'");
            in.transferTo(resp.getOutputStream());
        }
    }
}
