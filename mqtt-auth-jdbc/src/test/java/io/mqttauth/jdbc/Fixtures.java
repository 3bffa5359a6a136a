package io.mqttauth.jdbc;

import io.mqttauth.MqttAuth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** Configurations and engines for the jdbc tests. */
final class Fixtures {

    /** EMQX's documented authentication query. */
    static final String AUTHN = "SELECT password_hash, salt, is_superuser FROM mqtt_user WHERE username = ${username} "
            + "LIMIT 1";
    /** EMQX's documented authorization query. */
    static final String ACL = "SELECT permission, action, topic, qos, retain FROM mqtt_acl WHERE username = "
            + "${username} ORDER BY id";

    private Fixtures() {
    }

    /**
     * The provider's keys for the test database, its password in a file in {@code dir}, both queries, and
     * {@code extra} key-value pairs.
     */
    static Map<String, String> config(Postgres pg, Path dir, String... extra) {
        try {
            Files.writeString(dir.resolve("db-password"), pg.password() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new LinkedHashMap<>(pg.settings());
        config.put("password-file", dir.resolve("db-password").toString());
        config.put("authn.query", AUTHN);
        config.put("acl.query", ACL);
        for (int i = 0; i < extra.length; i += 2) {
            config.put(extra[i], extra[i + 1]);
        }
        return config;
    }

    /** An engine with jdbc as authenticator and authorizer. */
    static MqttAuth engine(Map<String, String> config, Clock clock) {
        return MqttAuth.builder().authenticatorProvider("jdbc", config).authorizerProvider("jdbc", config)
                .clock(clock).build();
    }

    /** An engine with the system clock. */
    static MqttAuth engine(Map<String, String> config) {
        return engine(config, Clock.systemUTC());
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
