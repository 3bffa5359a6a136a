package io.mqttauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The LISTEN/NOTIFY listener on its own, on a real PostgreSQL: what each payload drops, several notifications at once,
 * a lost connection (logged once, retried every interval, everything dropped on return), and that closing ends its
 * thread, which never keeps a JVM alive.
 */
class ChangeListenerTest {

    /** The longest a test waits for anything. */
    private static final Duration WAIT = Duration.ofSeconds(3);

    private static Postgres pg;

    private final List<String> users = new CopyOnWriteArrayList<>();
    private final AtomicInteger all = new AtomicInteger();

    @BeforeAll
    static void database() {
        pg = Postgres.create();
    }

    @AfterAll
    static void drop() {
        if (pg != null) {
            pg.close();
        }
    }

    private ChangeListener listen(String url, String channel) throws Exception {
        ChangeListener listener = new ChangeListener(url, pg.user(), pg.password(), channel, Duration.ofMillis(100),
                users::add, all::incrementAndGet);
        JdbcNotifyTest.untilListening(pg, channel, 1);
        return listener;
    }

    private static void until(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(5);
        }
    }

    private static Thread thread(String channel) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("mqtt-auth-jdbc-listen-" + channel)).findFirst().orElse(null);
    }

    @Test
    void aPayloadDropsThatUserAndAnEmptyOneDropsEverything() throws Exception {
        try (ChangeListener listener = listen(pg.url(), "cl_payloads")) {
            until(() -> all.get() == 1, "connecting drops everything once");
            pg.sql("NOTIFY cl_payloads, 'device-1'");
            until(() -> users.size() == 1, "the user's notification");
            assertThat(users).containsExactly("device-1");
            assertThat(all).hasValue(1);
            pg.sql("NOTIFY cl_payloads, ''");
            until(() -> all.get() == 2, "the empty payload");
            assertThat(users).containsExactly("device-1");
        }
    }

    @Test
    void notificationsArrivingTogetherAreEachHandledInOrder() throws Exception {
        try (ChangeListener listener = listen(pg.url(), "cl_batch")) {
            // One transaction: PostgreSQL delivers its notifications together, after the commit.
            pg.sql("SELECT pg_notify('cl_batch', 'a'), pg_notify('cl_batch', ''), pg_notify('cl_batch', 'b')");
            until(() -> users.size() == 2, "both users");
            assertThat(users).containsExactly("a", "b");
            until(() -> all.get() == 2, "the empty payload");
        }
    }

    @Test
    void otherChannelsAreNotHeard() throws Exception {
        try (ChangeListener listener = listen(pg.url(), "cl_mine")) {
            pg.sql("NOTIFY cl_other, 'x'", "NOTIFY cl_mine, 'y'");
            until(() -> users.size() == 1, "the notification on its channel");
            assertThat(users).containsExactly("y");
        }
    }

    @Test
    void aLostConnectionIsLoggedOnceRetriedAndOnReturnEverythingIsDropped() throws Exception {
        try (LogCapture log = new LogCapture(ChangeListener.class); TcpProxy proxy = new TcpProxy(pg.port());
                ChangeListener listener = listen(pg.url(proxy.port()), "cl_lost")) {
            until(() -> all.get() == 1, "connecting drops everything once");
            assertThat(log.lines()).as("no 'again' on the first connect").isEmpty();
            proxy.stop();
            until(() -> !log.containing("lost channel").isEmpty(), "the loss logged");
            Thread.sleep(500); // several failed attempts, 100 ms apart
            proxy.start();
            until(() -> all.get() == 2, "reconnecting drops everything");
            until(() -> !log.containing("again").isEmpty(), "the return logged");
            assertThat(log.containing("lost channel")).hasSize(1).allSatisfy(l -> assertThat(l)
                    .startsWith("WARNING jdbc: lost channel cl_lost (SQLState 08")
                    .endsWith("reconnecting every 100 ms"));
            assertThat(log.containing("again")).containsExactly("INFO jdbc: listening on channel cl_lost again");
            pg.sql("NOTIFY cl_lost, 'device-2'");
            until(() -> users.size() == 1, "a notification after the return");
        }
    }

    @Test
    void itsThreadIsADaemonAndCloseEndsIt() throws Exception {
        ChangeListener listener = listen(pg.url(), "cl_thread");
        Thread t = thread("cl_thread");
        assertThat(t).isNotNull();
        assertThat(t.isDaemon()).as("never keeps a broker's JVM alive").isTrue();
        listener.close();
        assertThat(t.isAlive()).as("ended when close() returns").isFalse();
        JdbcNotifyTest.untilListening(pg, "cl_thread", 0);
    }

    @Test
    void closingWhileTheDatabaseIsDownEndsTheThreadToo() throws Exception {
        try (TcpProxy proxy = new TcpProxy(pg.port())) {
            proxy.stop();
            ChangeListener listener = new ChangeListener(pg.url(proxy.port()), pg.user(), pg.password(), "cl_down",
                    Duration.ofSeconds(30), users::add, all::incrementAndGet);
            Thread t = thread("cl_down");
            until(() -> t.getState() == Thread.State.TIMED_WAITING, "waiting to reconnect");
            long started = System.nanoTime();
            listener.close();
            assertThat(t.isAlive()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not the 30 s pause")
                    .isLessThan(Duration.ofSeconds(2));
            assertThat(all).hasValue(0);
        }
    }

    @Test
    void aCloserInterruptedWhileWaitingKeepsItsInterrupt() throws Exception {
        ChangeListener listener = listen(pg.url(), "cl_interrupt");
        Thread.currentThread().interrupt();
        listener.close();
        assertThat(Thread.interrupted()).as("the interrupt is restored, not swallowed").isTrue();
        JdbcNotifyTest.untilListening(pg, "cl_interrupt", 0);
    }
}
