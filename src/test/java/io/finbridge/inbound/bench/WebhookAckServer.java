package io.finbridge.inbound.bench;

import io.finbridge.FinbridgeRuntime;
import io.finbridge.config.Settings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The benchmark's server, in a JVM of its own so that the load generator's CPU is not counted: either Finbridge
 * (webhook verified, stored durably, acknowledged; workers off so only acknowledgement is measured) or the ceiling,
 * a bare Jetty endpoint that reads the body and answers 200.
 *
 * <p>Usage: {@code WebhookAckServer finbridge|bare <port> <storeUrl> <stripeSecret>}; prints READY when listening.
 */
public final class WebhookAckServer {

    private WebhookAckServer() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int port = Integer.parseInt(args[1]);
        if (mode.equals("bare")) {
            bare(port);
            System.out.println("READY");
            Thread.currentThread().join();
        } else {
            Map<String, String> s = new HashMap<>();
            s.put("finbridge.profile", "sandbox");
            s.put("finbridge.http.port", Integer.toString(port));
            s.put("finbridge.http.host", "127.0.0.1");
            s.put("finbridge.store.url", args[2]);
            if (args[2].startsWith("jdbc:postgresql")) {
                s.put("finbridge.store.username", System.getProperty("bench.pgUser", "postgres"));
            }
            s.put("finbridge.webhooks.stripe.secret", args[3]);
            s.put("finbridge.inbox.workers", "0");
            s.put("finbridge.console.enabled", "false");
            Thread ready = new Thread(() -> awaitReady(port));
            ready.setDaemon(true);
            ready.start();
            // run(), as java -jar does: SIGTERM then stops it the way it stops in production
            new FinbridgeRuntime(Settings.load(Map.of(), new Properties(), s)).run();
        }
    }

    private static void awaitReady(int port) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + port + "/health/ready");
        while (true) {
            try {
                if (http.send(java.net.http.HttpRequest.newBuilder(uri).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    System.out.println("READY");
                    return;
                }
            } catch (Exception notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException ex) {
                return;
            }
        }
    }

    private static void bare(int port) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        byte[] answer = "{\"status\":\"accepted\",\"events\":[1]}".getBytes(StandardCharsets.UTF_8);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Content.Source.asByteBuffer(request); // read the whole body, as Finbridge must before verifying
                response.setStatus(200);
                response.getHeaders().put("Content-Type", "application/json");
                response.write(true, ByteBuffer.wrap(answer), callback);
                return true;
            }
        });
        server.start();
    }
}
