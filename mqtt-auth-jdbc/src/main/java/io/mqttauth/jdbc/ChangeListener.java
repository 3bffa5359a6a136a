package io.mqttauth.jdbc;

import jakarta.annotation.Nullable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL's LISTEN/NOTIFY for {@code jdbc.notify-channel}: a daemon thread keeps one connection of its own (not
 * from the pool) listening and polls it every {@value #POLL_MILLIS} ms; a notification's payload is a user name whose
 * cached entries are dropped, an empty payload drops every entry. While the connection is lost it reconnects every
 * {@code jdbc.notify-reconnect} (a second), and after reconnecting drops every entry, since notifications sent
 * meanwhile were missed.
 */
final class ChangeListener implements AutoCloseable {

    /** How often the connection is asked for notifications: a change reaches this node within this time. */
    static final int POLL_MILLIS = 250;

    private static final System.Logger LOG = System.getLogger(ChangeListener.class.getName());

    private final String url;
    private final Properties properties;
    private final String channel;
    private final long reconnectMillis;
    private final Consumer<String> user;
    private final Runnable all;
    private final Thread thread;
    private volatile boolean closed;
    private volatile @Nullable Connection connection;

    /**
     * Starts listening.
     *
     * @param reconnect the pause between attempts to connect
     * @param user called with a notification's payload, a user name
     * @param all called for an empty payload and after every reconnect
     */
    ChangeListener(String url, @Nullable String username, @Nullable String password, String channel,
            Duration reconnect, Consumer<String> user, Runnable all) {
        this.url = url;
        this.properties = new Properties();
        if (username != null) {
            properties.setProperty("user", username);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "5");
        this.channel = channel;
        this.reconnectMillis = reconnect.toMillis();
        this.user = user;
        this.all = all;
        this.thread = new Thread(this::run, "mqtt-auth-jdbc-listen-" + channel);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        boolean wasDown = false;
        while (!closed) {
            try (Connection c = DriverManager.getConnection(url, properties)) {
                connection = c;
                PGConnection pg = c.unwrap(PGConnection.class);
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + channel);
                }
                all.run();
                if (wasDown) {
                    LOG.log(System.Logger.Level.INFO, "jdbc: listening on channel {0} again", channel);
                }
                wasDown = false;
                while (!closed) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            String payload = n.getParameter();
                            if (payload == null || payload.isEmpty()) {
                                all.run();
                            } else {
                                user.accept(payload);
                            }
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!wasDown) {
                    LOG.log(System.Logger.Level.WARNING, "jdbc: lost channel {0} ({1}); reconnecting every {2} ms",
                            channel, e instanceof SQLException s ? Database.describe(s) : e.getClass().getName(),
                            String.valueOf(reconnectMillis));
                }
                wasDown = true;
                try {
                    Thread.sleep(reconnectMillis);
                } catch (InterruptedException interrupted) {
                    return;
                }
            } finally {
                connection = null;
            }
        }
    }

    /** Stops listening. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the listening connection", e);
            }
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
