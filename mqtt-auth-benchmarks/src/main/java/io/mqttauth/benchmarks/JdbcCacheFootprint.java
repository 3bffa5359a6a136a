package io.mqttauth.benchmarks;

import io.mqttauth.Action;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Identity;
import io.mqttauth.MqttAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The heap the jdbc provider's caches keep per user: authenticates N users of EMQX's table (sha256 rows, salt column,
 * 64-character hex hashes) through one engine and prints the retained heap before and after, per user; then
 * authorizes one publish of each (two rules per user, {@code devices/${clientid}/#} allowed and {@code #} denied) and
 * prints what the cached rule sets add. A plain program, not a JMH benchmark: what matters is the memory. Arguments: N
 * (default 100000).
 */
public final class JdbcCacheFootprint {

    private JdbcCacheFootprint() {
    }

    /** Runs the measurement. */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        try (BenchDatabase db = BenchDatabase.create("mqtt_auth_footprint")) {
            db.sql("INSERT INTO mqtt_user(username, password_hash, salt) SELECT 'device-' || i, "
                    + "encode(sha256(('pw' || 'salt' || i)::bytea), 'hex'), 'salt' || i "
                    + "FROM generate_series(1, " + n + ") AS i",
                "INSERT INTO mqtt_acl(username, permission, action, topic) SELECT 'device-' || i, 'allow', 'all', "
                    + "'devices/${clientid}/#' FROM generate_series(1, " + n + ") AS i",
                "INSERT INTO mqtt_acl(username, permission, action, topic) SELECT 'device-' || i, 'deny', 'all', "
                    + "'#' FROM generate_series(1, " + n + ") AS i");
            Path dir = Files.createTempDirectory("jdbc-footprint");
            Files.writeString(dir.resolve("db-password"), db.password());
            Map<String, String> config = Map.of("url", db.url(), "user", db.user(), "password-file",
                    dir.resolve("db-password").toString(), "password-hash", "sha256", "salt-position", "suffix",
                    "cache.size", String.valueOf(n * 2), "cache.ttl", "1h", "pool.timeout", "10s", "authn.query",
                    "SELECT password_hash, salt, is_superuser FROM mqtt_user WHERE username = ${username} LIMIT 1",
                    "acl.query", "SELECT permission, action, topic, qos, retain FROM mqtt_acl WHERE username = "
                            + "${username} ORDER BY id");
            try (MqttAuth auth = MqttAuth.builder().authenticatorProvider("jdbc", config)
                    .authorizerProvider("jdbc", config).build()) {
                auth.authenticate(ConnectRequest.builder("warm").username("device-1").password("pw").build());
                long before = retained();
                int allowed = 0;
                for (int i = 1; i <= n; i++) {
                    allowed += auth.authenticate(request(i)).isAllowed() ? 1 : 0;
                }
                long users = retained();
                int published = 0;
                for (int i = 1; i <= n; i++) {
                    Identity identity = Identity.builder("device-" + i, request(i)).build();
                    published += auth.authorize(identity, Action.publish("devices/c-" + i + "/t")).isAllowed()
                            ? 1 : 0;
                }
                long rules = retained();
                System.out.printf("users: %d (allowed %d, publishes allowed %d)%nretained heap: %,d bytes before, "
                        + "%,d with users cached, %,d with rules cached too%nper cached user: %,d bytes; per cached "
                        + "rule set of 2 rules: %,d bytes%n", n, allowed,
                        published, before, users, rules, (users - before) / n, (rules - users) / n);
                // Keep the engine reachable until measured.
                auth.authenticate(ConnectRequest.builder("warm").username("device-1").password("pw").build());
            }
        }
    }

    private static ConnectRequest request(int i) {
        return ConnectRequest.builder("c-" + i).username("device-" + i).password("pw").build();
    }

    private static long retained() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
