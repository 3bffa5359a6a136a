package io.mqttauth.jdbc;

import io.mqttauth.Action;
import io.mqttauth.Identity;
import io.mqttauth.Topics;
import jakarta.annotation.Nullable;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of {@code jdbc.acl.query}, read as EMQX reads it: {@code permission} ({@code allow}|{@code deny}),
 * {@code action} ({@code publish}|{@code subscribe}|{@code all}), {@code topic} (a filter with {@code ${username}} and
 * {@code ${clientid}} placeholders, or {@code eq <filter>} compared literally), and optional {@code qos} ({@code 0,1})
 * and {@code retain} ({@code 0}|{@code 1}). A row that cannot be read denies every action that reaches it (fail
 * closed).
 *
 * @param row the row's position in the result, from 1
 * @param allow whether the row allows
 * @param publish whether it applies to publishes
 * @param subscribe whether it applies to subscriptions (and deliveries)
 * @param topic the topic filter as stored (without {@code eq })
 * @param literal whether the topic was written {@code eq <filter>}
 * @param qos the QoS levels it applies to, or {@code null} for all
 * @param retain the retain flag a publish must have, or {@code null} for either
 * @param unreadable why the row cannot be read, or {@code null}
 */
record AclRule(int row, boolean allow, boolean publish, boolean subscribe, String topic, boolean literal,
        @Nullable Set<Integer> qos, @Nullable Boolean retain, @Nullable String unreadable) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(username|clientid)}");

    /**
     * Reads every row, in order.
     *
     * @return the rules, or {@code null} if there is no row
     * @throws SQLException if the query lacks a required column (SQLState 42703)
     */
    static @Nullable List<AclRule> readAll(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int permission = column(md, "permission");
        int action = column(md, "action");
        int topic = column(md, "topic");
        if (permission == 0 || action == 0 || topic == 0) {
            throw new SQLException("jdbc.acl.query returns no column " + (permission == 0 ? "permission"
                    : action == 0 ? "action" : "topic") + " (it needs permission, action and topic)", "42703");
        }
        int qos = column(md, "qos");
        int retain = column(md, "retain");
        List<AclRule> rules = new ArrayList<>();
        while (rs.next()) {
            rules.add(read(rules.size() + 1, rs.getString(permission), rs.getString(action), rs.getString(topic),
                    qos == 0 ? null : rs.getString(qos), retain == 0 ? null : rs.getString(retain)));
        }
        return rules.isEmpty() ? null : List.copyOf(rules);
    }

    /** The 1-based index of the column labelled {@code name} (case-insensitive), or 0. */
    static int column(ResultSetMetaData md, String name) throws SQLException {
        for (int i = 1; i <= md.getColumnCount(); i++) {
            if (md.getColumnLabel(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return 0;
    }

    /** One row from its column values. */
    static AclRule read(int row, @Nullable String permission, @Nullable String action, @Nullable String topic,
            @Nullable String qos, @Nullable String retain) {
        String p = permission == null ? "" : permission.trim().toLowerCase(Locale.ROOT);
        String a = action == null ? "" : action.trim().toLowerCase(Locale.ROOT);
        String t = topic == null ? "" : topic.trim();
        String problem = null;
        if (!p.equals("allow") && !p.equals("deny")) {
            problem = "permission \"" + permission + "\" is not allow or deny";
        } else if (!a.equals("publish") && !a.equals("subscribe") && !a.equals("all")) {
            problem = "action \"" + action + "\" is not publish, subscribe or all";
        } else if (t.isEmpty()) {
            problem = "the topic is empty";
        }
        boolean literal = t.startsWith("eq ");
        Set<Integer> levels = null;
        if (problem == null && qos != null && !qos.isBlank()) {
            levels = new HashSet<>();
            for (String q : qos.split(",")) {
                String level = q.trim();
                if (!level.equals("0") && !level.equals("1") && !level.equals("2")) {
                    problem = "qos \"" + qos + "\" is not a list of 0, 1 and 2";
                    break;
                }
                levels.add(Integer.parseInt(level));
            }
        }
        Boolean keep = null;
        if (problem == null && retain != null && !retain.isBlank()) {
            switch (retain.trim().toLowerCase(Locale.ROOT)) {
                case "1", "true", "t" -> keep = true;
                case "0", "false", "f" -> keep = false;
                default -> problem = "retain \"" + retain + "\" is not 0 or 1";
            }
        }
        return new AclRule(row, p.equals("allow"), a.equals("publish") || a.equals("all"),
                a.equals("subscribe") || a.equals("all"), literal ? t.substring(3).trim() : t, literal,
                levels == null ? null : Set.copyOf(levels), keep, problem);
    }

    /**
     * Whether this row decides {@code action} for {@code identity}. An allow row grants a subscription only if its
     * filter covers the whole subscribed filter; a deny row refuses one whose filter shares any topic with it.
     * A placeholder whose value is missing or holds {@code +}, {@code #} or {@code /} makes the row not apply.
     */
    boolean matches(Identity identity, Action action) {
        boolean isPublish = action.type() == Action.Type.PUBLISH;
        if (isPublish ? !publish : !subscribe) {
            return false;
        }
        if (qos != null && !qos.contains(action.qos())) {
            return false;
        }
        if (retain != null && isPublish && retain != action.retain()) {
            return false;
        }
        if (literal) {
            return topic.equals(action.topic());
        }
        String filter = substitute(topic, identity);
        if (filter == null) {
            return false;
        }
        if (action.type() == Action.Type.SUBSCRIBE) {
            return allow ? Topics.covers(filter, action.topic()) : Topics.intersects(filter, action.topic());
        }
        return Topics.matches(filter, action.topic());
    }

    /** The row as operators wrote it, for details. */
    String describe() {
        return (allow ? "allow " : "deny ") + (publish && subscribe ? "all" : publish ? "publish" : "subscribe") + " "
                + (literal ? "eq " : "") + topic + (qos == null ? "" : " qos " + qos)
                + (retain == null ? "" : " retain " + (retain ? 1 : 0));
    }

    private static @Nullable String substitute(String topic, Identity identity) {
        if (topic.indexOf("${") < 0) {
            return topic;
        }
        // One pass, so that a value that looks like a placeholder is never substituted again.
        Matcher m = PLACEHOLDER.matcher(topic);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = m.group(1).equals("username") ? identity.username().orElse(null) : identity.clientId();
            if (!usable(value)) {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean usable(@Nullable String value) {
        return value != null && !value.isEmpty() && value.indexOf('+') < 0 && value.indexOf('#') < 0
                && value.indexOf('/') < 0;
    }
}
