package io.mqttauth.jdbc;

import io.mqttauth.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A query whose {@code ${username}}, {@code ${clientid}}, {@code ${peerhost}} and {@code ${cert_common_name}}
 * placeholders are replaced by {@code ?}: the values are bound as parameters of a prepared statement, never pasted into
 * the SQL. A placeholder written in quotes, {@code '${username}'} as some EMQX examples do, loses its quotes.
 */
final class SqlTemplate {

    /** The values a query can be given. */
    enum Placeholder {
        /** The MQTT user name. */
        USERNAME("username"),
        /** The MQTT client id. */
        CLIENTID("clientid"),
        /** The client's IP address, as text. */
        PEERHOST("peerhost"),
        /** The common name of the client certificate's subject. */
        CERT_COMMON_NAME("cert_common_name");

        private final String text;

        Placeholder(String text) {
            this.text = text;
        }

        /** The name inside {@code ${...}}. */
        String text() {
            return text;
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("'?\\$\\{([^}]*)}'?");

    private final String sql;
    private final List<Placeholder> placeholders;

    private SqlTemplate(String sql, List<Placeholder> placeholders) {
        this.sql = sql;
        this.placeholders = List.copyOf(placeholders);
    }

    /**
     * Parses a query.
     *
     * @param key the full configuration key, for messages
     * @throws ConfigurationException for an unknown placeholder or a query without a placeholder
     */
    static SqlTemplate parse(String key, String query) {
        Matcher m = PLACEHOLDER.matcher(query);
        StringBuilder sql = new StringBuilder();
        List<Placeholder> found = new ArrayList<>();
        while (m.find()) {
            String name = m.group(1).trim().toLowerCase(Locale.ROOT);
            Placeholder p = null;
            for (Placeholder candidate : Placeholder.values()) {
                if (candidate.text().equals(name)) {
                    p = candidate;
                }
            }
            if (p == null) {
                throw ConfigurationException.ofKey(key, "has an unknown placeholder ${" + m.group(1) + "}",
                        "use ${username}, ${clientid}, ${peerhost} or ${cert_common_name}");
            }
            String whole = m.group();
            boolean quoted = whole.startsWith("'") && whole.endsWith("'");
            // A quote on one side only belongs to the SQL around the placeholder: keep it.
            String replacement = quoted ? "?" : (whole.startsWith("'") ? "'?" : whole.endsWith("'") ? "?'" : "?");
            m.appendReplacement(sql, Matcher.quoteReplacement(replacement));
            found.add(p);
        }
        m.appendTail(sql);
        if (found.isEmpty()) {
            throw ConfigurationException.ofKey(key, "has no placeholder, so every client would get the same rows",
                    "select by the client, e.g. ... WHERE username = ${username}");
        }
        return new SqlTemplate(sql.toString(), found);
    }

    /** The SQL with {@code ?} for each placeholder. */
    String sql() {
        return sql;
    }

    /** The placeholders in the order of their {@code ?}. */
    List<Placeholder> placeholders() {
        return placeholders;
    }

    /** The position of the first {@code ?} bound to {@code p}, or -1. */
    int indexOf(Placeholder p) {
        return placeholders.indexOf(p);
    }
}
