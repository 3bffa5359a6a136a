package io.mqttauth.jdbc;

import io.mqttauth.Authenticator;
import io.mqttauth.Authorizer;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.passwordfile.VerificationCache;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import jakarta.annotation.Nullable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The configured {@code jdbc} provider: the pool, the caches, the authenticator and authorizer over them, and the
 * optional NOTIFY listener. At start, on {@link #reload()} and every {@code jdbc.recheck-interval} (10 seconds) while a
 * problem stands, it checks the
 * database on a connection of its own (a refused connection fails at once, a silent server after 5 seconds): that it
 * answers, and that each query returns the columns it needs; the problems are {@link #problems()}, which
 * {@code mqtt-auth validate} reports. An unreachable database does not stop the start.
 */
final class JdbcProvider implements Provider {

    private static final System.Logger LOG = System.getLogger(JdbcProvider.class.getName());
    private static final int CHECK_TIMEOUT_SECONDS = 5;

    private final JdbcSettings settings;
    private final ProviderContext context;
    private final Database database;
    private final ThreadPoolExecutor refresher;
    private final ScheduledExecutorService checker;
    private final @Nullable LookupCache<UserRecord> users;
    private final @Nullable LookupCache<List<AclRule>> rules;
    private final VerificationCache<String> verified;
    private final @Nullable JdbcAuthenticator authenticator;
    private final @Nullable JdbcAuthorizer authorizer;
    private final @Nullable ChangeListener listener;
    private final Properties login = new Properties();
    private volatile List<ConfigurationProblem> problems = List.of();

    JdbcProvider(JdbcSettings s, @Nullable String password, ProviderContext context) {
        this.settings = s;
        this.context = context;
        this.database = new Database(s, password);
        if (s.user() != null) {
            login.setProperty("user", s.user());
        }
        if (password != null) {
            login.setProperty("password", password);
        }
        // PostgreSQL's driver reads these (in seconds); other drivers ignore them.
        login.setProperty("connectTimeout", String.valueOf(CHECK_TIMEOUT_SECONDS));
        login.setProperty("loginTimeout", String.valueOf(CHECK_TIMEOUT_SECONDS));
        AtomicInteger threads = new AtomicInteger();
        this.refresher = new ThreadPoolExecutor(1, s.poolSize(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(10_000), r -> {
                    Thread t = new Thread(r, "mqtt-auth-jdbc-refresh-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.checker = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mqtt-auth-jdbc-check");
            t.setDaemon(true);
            return t;
        });
        this.verified = new VerificationCache<>(s.cacheSize(), s.ttl(), context.clock(), String::equals);
        SqlTemplate authn = s.authnQuery();
        StandIns standIns = new StandIns(s.passwords());
        SqlTemplate acl = s.aclQuery();
        this.users = authn == null ? null : new LookupCache<>(s.cacheSize(), s.ttl(), s.negativeTtl(),
                s.outageGrace(), context.clock(), refresher,
                key -> database.query(authn, key, rs -> {
                    UserRecord row = JdbcAuthenticator.readUser(rs);
                    if (row != null) {
                        standIns.saw(row);
                    }
                    return row;
                }));
        this.rules = acl == null ? null : new LookupCache<>(s.cacheSize(), s.ttl(), s.negativeTtl(),
                s.outageGrace(), context.clock(), refresher, key -> database.query(acl, key, AclRule::readAll));
        this.authenticator = authn == null ? null : new JdbcAuthenticator(authn, users, s.passwords(), verified,
                standIns);
        this.authorizer = acl == null ? null : new JdbcAuthorizer(acl, rules);
        check();
        checker.scheduleWithFixedDelay(() -> {
            if (!problems.isEmpty()) {
                check();
            }
        }, s.recheckInterval().toMillis(), s.recheckInterval().toMillis(), TimeUnit.MILLISECONDS);
        String channel = s.notifyChannel();
        this.listener = channel == null ? null
                : new ChangeListener(s.url(), s.user(), password, channel, s.reconnectInterval(),
                        this::invalidateAndTell, this::invalidateAllAndTell);
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return Optional.ofNullable(authenticator);
    }

    @Override
    public Optional<Authorizer> authorizer() {
        return Optional.ofNullable(authorizer);
    }

    /** Checks the database again and drops every cached entry, so that the next decisions read it. */
    @Override
    public List<ConfigurationProblem> reload() {
        invalidateAll();
        return check();
    }

    /** What the latest check of the database found: unreachable, or a query without a needed column. */
    @Override
    public List<ConfigurationProblem> problems() {
        return problems;
    }

    @Override
    public void invalidate(String username) {
        if (users != null) {
            users.invalidateIf(key -> matchesUser(settings.authnQuery(), key, username));
        }
        if (rules != null) {
            rules.invalidateIf(key -> matchesUser(settings.aclQuery(), key, username));
        }
        verified.removeIf((user, hash) -> user.equals(username));
    }

    /** The number of queries sent so far (for tests and benchmarks). */
    long queryCount() {
        return database.queryCount();
    }

    private void invalidateAll() {
        if (users != null) {
            users.invalidateAll();
        }
        if (rules != null) {
            rules.invalidateAll();
        }
        verified.invalidateAll();
    }

    private void invalidateAndTell(String username) {
        invalidate(username);
        context.reloaded();
    }

    private void invalidateAllAndTell() {
        invalidateAll();
        context.reloaded();
    }

    /** A key matches the user if the query binds the user name to it; a query without {@code ${username}}: all. */
    private static boolean matchesUser(@Nullable SqlTemplate query, List<String> key, String username) {
        int i = query == null ? -1 : query.indexOf(SqlTemplate.Placeholder.USERNAME);
        return i < 0 || username.equals(key.get(i));
    }

    /** Connects and describes each query; records and returns the problems. */
    private synchronized List<ConfigurationProblem> check() {
        List<ConfigurationProblem> found = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(settings.url(), login)) {
            describe(c, settings.authnQuery(), "authn.query", List.of("password_hash"), found);
            describe(c, settings.aclQuery(), "acl.query", List.of("permission", "action", "topic"), found);
        } catch (SQLException e) {
            found.add(ConfigurationProblem.ofKey(context.fullKey("url"), "the database does not answer ("
                    + Database.describe(e) + "); until it does, decisions are PROVIDER_UNAVAILABLE",
                    "start the database, or fix " + context.fullKey("url") + ", " + context.fullKey("user") + " and "
                            + context.fullKey("password-file")));
        }
        if (!found.isEmpty() && problems.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "jdbc: {0}", found.get(0).message());
        }
        problems = List.copyOf(found);
        return problems;
    }

    private void describe(Connection c, @Nullable SqlTemplate query, String key, List<String> needed,
            List<ConfigurationProblem> found) {
        if (query == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(query.sql())) {
            ResultSetMetaData md = ps.getMetaData();
            if (md == null) {
                return; // this driver cannot describe a query before running it
            }
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(md.getColumnLabel(i));
            }
            for (String column : needed) {
                if (columns.stream().noneMatch(column::equalsIgnoreCase)) {
                    found.add(ConfigurationProblem.ofKey(context.fullKey(key), "returns no column " + column
                            + " (it returns " + columns + ")", "select it, e.g. SELECT ... AS " + column));
                }
            }
        } catch (SQLException e) {
            found.add(ConfigurationProblem.ofKey(context.fullKey(key), "the database refuses the query ("
                    + Database.describe(e) + ")", "fix the SQL; try it in psql with a user name in place of "
                    + "the placeholders"));
        }
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
        checker.shutdownNow();
        refresher.shutdownNow();
        database.close();
    }
}
