/**
 * The {@code jdbc} provider: users and rules in a database that every broker node reads, EMQX-compatible tables,
 * cached, pooled (HikariCP) and honest when the database is down.
 */
module io.mqttauth.jdbc {
    requires transitive io.mqttauth.api;
    requires io.mqttauth.passwordfile;
    requires static jakarta.annotation;
    requires com.github.benmanes.caffeine;
    requires com.zaxxer.hikari;
    requires java.naming;
    requires org.bouncycastle.provider;
    requires java.sql;
    requires org.postgresql.jdbc;

    exports io.mqttauth.jdbc;

    provides io.mqttauth.spi.ProviderFactory with io.mqttauth.jdbc.JdbcProviderFactory;
}
