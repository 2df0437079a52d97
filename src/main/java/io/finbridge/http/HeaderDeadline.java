package io.finbridge.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection whose first request has not finished sending its headers within the header timeout. Jetty
 * parses headers without holding a worker, but a sender trickling a header line now and then never trips the idle
 * timeout and keeps its connection slot for ever; under the connection limit, enough of them would lock everyone out.
 * Later requests on a kept-alive connection are bounded by the idle timeout and, for bodies, by {@link EagerBody}.
 */
final class HeaderDeadline implements Connection.Listener {

    private final Connector connector;
    private final Duration timeout;
    private final Refusals refusals;
    private final Map<Connection, Scheduler.Task> pending = new ConcurrentHashMap<>();

    HeaderDeadline(Connector connector, Duration timeout, Refusals refusals) {
        this.connector = connector;
        this.timeout = timeout;
        this.refusals = refusals;
    }

    @Override
    public void onOpened(Connection connection) {
        pending.put(connection, connector.getScheduler().schedule(() -> expire(connection), timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void onClosed(Connection connection) {
        Scheduler.Task task = pending.remove(connection);
        if (task != null) {
            task.cancel();
        }
    }

    private void expire(Connection connection) {
        pending.remove(connection);
        // getMessagesIn counts the requests whose headers were complete
        if (connection.getMessagesIn() == 0 && connection.getEndPoint().isOpen()) {
            SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
            String address = remote instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(remote);
            refusals.refused(null, address, 408, "slow_headers",
                    "the request headers did not arrive within " + timeout.toSeconds() + " s; connection closed");
            connection.getEndPoint().close();
        }
    }
}
