package io.mqttauth.acl;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.Action;
import io.mqttauth.AuthorizationResult;
import io.mqttauth.Authorizer;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Identity;
import io.mqttauth.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property test: on random rule files and random actions, the compiled tries decide exactly as a straightforward
 * reference that scans the rules one by one with {@link Topics} (the way Mosquitto's security_default.c does for the
 * Mosquitto format, and first-match for the extended format). Seeded, so failures reproduce.
 */
class TrieVersusReferenceTest {

    private static final String[] LEVELS = {"a", "b", "c", "d", "e", "f", "$s", "", "x y"};
    private static final String[] USERS = {"u0", "u1", "u2"};
    private static final String[] CLIENT_IDS = {"c0", "c1", "c+", "a/b"};

    @TempDir
    Path dir;

    /** One rule as the reference sees it. */
    record Line(int line, String user, boolean pattern, boolean allow, int actions, int maxQos, int retain,
            String topic) {
    }

    @Test
    void mosquittoFormatAgreesWithAStraightforwardScan() {
        Random random = new Random(20_211_122L);
        int checks = 0;
        for (int file = 0; file < 150; file++) {
            List<Line> lines = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            String user = null;
            int n = 1 + random.nextInt(25);
            for (int i = 0; i < n; i++) {
                int kind = random.nextInt(10);
                if (kind == 0) {
                    user = USERS[random.nextInt(USERS.length)];
                    text.append("user ").append(user).append('\n');
                    continue;
                }
                boolean pattern = kind >= 8;
                String topic = randomFilter(random, pattern);
                String access = new String[] {"read", "write", "readwrite", "deny"}[random.nextInt(4)];
                text.append(pattern ? "pattern " : "topic ").append(access).append(' ').append(topic).append('\n');
                int line = (int) text.chars().filter(c -> c == '\n').count();
                int actions = switch (access) {
                    case "read" -> Rule.RECEIVE | Rule.SUBSCRIBE;
                    case "write" -> Rule.PUBLISH;
                    case "readwrite" -> Rule.ALL;
                    default -> Rule.ALL;
                };
                lines.add(new Line(line, pattern ? null : user, pattern, !access.equals("deny"), actions, 2, -1,
                        topic));
            }
            Authorizer acl = AclFixture.authorizer(dir, text.toString(), "format", "mosquitto");
            for (int q = 0; q < 60; q++) {
                Identity who = randomIdentity(random);
                Action action = randomAction(random);
                String expected = mosquittoReference(lines, who, action);
                AuthorizationResult actual = acl.authorize(who, action);
                assertThat(outcome(actual)).as("%s %s on\n%s", who, action, text).isEqualTo(expected);
                checks++;
            }
        }
        assertThat(checks).isEqualTo(9_000);
    }

    @Test
    void extendedFormatAgreesWithFirstMatchScan() {
        Random random = new Random(42L);
        int checks = 0;
        for (int file = 0; file < 150; file++) {
            List<Line> lines = new ArrayList<>();
            StringBuilder text = new StringBuilder("everyone\n");
            String section = null;
            int n = 1 + random.nextInt(25);
            for (int i = 0; i < n; i++) {
                if (random.nextInt(8) == 0) {
                    section = random.nextBoolean() ? USERS[random.nextInt(USERS.length)] : null;
                    text.append(section == null ? "everyone" : "user " + section).append('\n');
                    continue;
                }
                boolean allow = random.nextBoolean();
                int actions = 1 + random.nextInt(7);
                String topic = randomFilter(random, true).replace("%u", "${username}");
                int maxQos = 2;
                int retain = -1;
                StringBuilder options = new StringBuilder();
                if (actions == Rule.PUBLISH && random.nextBoolean()) {
                    maxQos = random.nextInt(3);
                    retain = random.nextInt(3) - 1;
                    options.append(" max-qos=").append(maxQos).append(retain < 0 ? "" : " retain=" + (retain == 1));
                }
                text.append(allow ? "allow " : "deny ").append(actionWords(actions)).append(" \"").append(topic)
                        .append('"').append(options).append('\n');
                int line = (int) text.chars().filter(c -> c == '\n').count();
                lines.add(new Line(line, section, Placeholders.has(topic), allow, actions, maxQos, retain, topic));
            }
            Authorizer acl = AclFixture.authorizer(dir, text.toString(), "no-match", "abstain");
            for (int q = 0; q < 60; q++) {
                Identity who = randomIdentity(random);
                Action action = randomAction(random);
                String expected = extendedReference(lines, who, action);
                AuthorizationResult actual = acl.authorize(who, action);
                String got = outcome(actual) + (actual instanceof AuthorizationResult.Abstain ? ""
                        : " " + lineOf(actual.detail()));
                assertThat(got).as("%s %s on\n%s", who, action, text).isEqualTo(expected);
                checks++;
            }
        }
        assertThat(checks).isEqualTo(9_000);
    }

    // --- the reference ------------------------------------------------------------------------------------------

    /** Mosquitto's two loops, as in security_default.c, with "covered" subscriptions. */
    private static String mosquittoReference(List<Line> lines, Identity who, Action action) {
        String topic = action.topic();
        boolean subscribe = action.type() == Action.Type.SUBSCRIBE;
        if (subscribe ? !Topics.isValidFilter(topic) : !Topics.isValidTopicName(topic)) {
            return "INVALID_TOPIC";
        }
        if (action.type() == Action.Type.PUBLISH && topic.startsWith("$SYS")
                && !Topics.matches("$SYS/broker/connection/+/state", topic)) {
            return "DENIED_BY_RULE";
        }
        String username = who.username().orElse(null);
        List<Line> own = new ArrayList<>();
        for (Line l : lines) {
            boolean mine = who.isAnonymous() ? l.user() == null : who.name().equals(l.user());
            if (!l.pattern() && mine) {
                own.add(l);
            }
        }
        String decided = scanDenyFirst(own, action, topic);
        if (decided != null) {
            return decided;
        }
        List<Line> patterns = new ArrayList<>();
        for (Line l : lines) {
            if (l.pattern()) {
                patterns.add(l);
            }
        }
        if (!patterns.isEmpty() && (username != null && (username.contains("+") || username.contains("#"))
                || who.clientId().contains("+") || who.clientId().contains("#"))) {
            return "DENIED_BY_RULE";
        }
        List<Line> substituted = new ArrayList<>();
        for (Line l : patterns) {
            if (l.topic().contains("%u") && username == null) {
                continue;
            }
            String t = l.topic().replace("%c", who.clientId());
            if (username != null) {
                t = t.replace("%u", username);
            }
            substituted.add(new Line(l.line(), null, true, l.allow(), l.actions(), 2, -1, t));
        }
        decided = scanDenyFirst(substituted, action, topic);
        return decided != null ? decided : "NO_MATCHING_RULE";
    }

    private static String scanDenyFirst(List<Line> list, Action action, String topic) {
        boolean subscribe = action.type() == Action.Type.SUBSCRIBE;
        for (Line l : list) {
            if (!l.allow() && (subscribe ? Topics.intersects(l.topic(), topic) : Topics.matches(l.topic(), topic))) {
                return "DENIED_BY_RULE";
            }
        }
        for (Line l : list) {
            if (l.allow() && (l.actions() & Rule.bit(action.type())) != 0
                    && (subscribe ? Topics.covers(l.topic(), topic) : Topics.matches(l.topic(), topic))) {
                return "ALLOW";
            }
        }
        return null;
    }

    /** First match in file order among the rules of the sections that select the client. */
    private static String extendedReference(List<Line> lines, Identity who, Action action) {
        String topic = action.topic();
        boolean subscribe = action.type() == Action.Type.SUBSCRIBE;
        if (subscribe ? !Topics.isValidFilter(topic) : !Topics.isValidTopicName(topic)) {
            return "INVALID_TOPIC 0";
        }
        if (action.type() == Action.Type.PUBLISH && topic.startsWith("$SYS")
                && !Topics.matches("$SYS/broker/connection/+/state", topic)) {
            return "DENIED_BY_RULE 0";
        }
        String username = who.username().orElse(null);
        for (Line l : lines) {
            if (l.user() != null && (who.isAnonymous() || !who.name().equals(l.user()))) {
                continue;
            }
            if ((l.actions() & Rule.bit(action.type())) == 0) {
                continue;
            }
            if (action.type() == Action.Type.PUBLISH && (action.qos() > l.maxQos()
                    || l.retain() >= 0 && (l.retain() == 1) != action.retain())) {
                continue;
            }
            String t = l.topic();
            boolean usesUser = t.contains("${username}");
            boolean usesClient = t.contains("%c");
            if (usesUser && username == null) {
                continue;
            }
            if (usesClient && unsafe(who.clientId()) || usesUser && unsafe(username)) {
                return "DENIED_BY_RULE " + l.line();
            }
            t = t.replace("%c", who.clientId());
            if (usesUser) {
                t = t.replace("${username}", username);
            }
            if (!subscribe && Topics.matches(t, topic)) {
                return (l.allow() ? "ALLOW " : "DENIED_BY_RULE ") + l.line();
            }
            if (subscribe && (l.allow() ? Topics.covers(t, topic) : Topics.intersects(t, topic))) {
                return (l.allow() ? "ALLOW " : "DENIED_BY_RULE ") + l.line();
            }
        }
        return "ABSTAIN";
    }

    private static boolean unsafe(String value) {
        return value.isEmpty() || value.contains("/") || value.contains("+") || value.contains("#");
    }

    // --- random input -------------------------------------------------------------------------------------------

    private static String randomFilter(Random random, boolean placeholders) {
        int levels = 1 + random.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            if (i > 0) {
                sb.append('/');
            }
            int r = random.nextInt(10);
            if (r == 0 && i == levels - 1) {
                sb.append('#');
            } else if (r <= 2) {
                sb.append('+');
            } else if (placeholders && r == 3) {
                sb.append(random.nextBoolean() ? "%c" : "%u");
            } else {
                sb.append(LEVELS[random.nextInt(LEVELS.length)]);
            }
        }
        String f = sb.toString();
        return f.isEmpty() ? "a" : f;
    }

    private static Action randomAction(Random random) {
        int levels = 1 + random.nextInt(5);
        StringBuilder sb = new StringBuilder();
        int type = random.nextInt(3);
        for (int i = 0; i < levels; i++) {
            if (i > 0) {
                sb.append('/');
            }
            int r = random.nextInt(12);
            if (type == 1 && r == 0 && i == levels - 1) {
                sb.append('#');
            } else if (type == 1 && r <= 2) {
                sb.append('+');
            } else if (r == 3) {
                sb.append(CLIENT_IDS[random.nextInt(CLIENT_IDS.length)]);
            } else if (r == 4) {
                sb.append(USERS[random.nextInt(USERS.length)]);
            } else {
                sb.append(LEVELS[random.nextInt(LEVELS.length)]);
            }
        }
        String t = sb.toString();
        if (t.isEmpty()) {
            t = "a";
        }
        return switch (type) {
            case 0 -> Action.publish(t, random.nextInt(3), random.nextBoolean());
            case 1 -> Action.subscribe(t, random.nextInt(3));
            default -> Action.receive(t);
        };
    }

    private static Identity randomIdentity(Random random) {
        String clientId = CLIENT_IDS[random.nextInt(CLIENT_IDS.length)];
        if (random.nextInt(4) == 0) {
            return Identity.anonymous(ConnectRequest.builder(clientId).build());
        }
        return AclFixture.user(USERS[random.nextInt(USERS.length)], clientId);
    }

    private static String actionWords(int actions) {
        List<String> words = new ArrayList<>();
        if ((actions & Rule.PUBLISH) != 0) {
            words.add("publish");
        }
        if ((actions & Rule.SUBSCRIBE) != 0) {
            words.add("subscribe");
        }
        if ((actions & Rule.RECEIVE) != 0) {
            words.add("receive");
        }
        return String.join(",", words);
    }

    private static String outcome(AuthorizationResult r) {
        return r instanceof AuthorizationResult.Allow ? "ALLOW" : r instanceof AuthorizationResult.Deny d
                ? d.reason().name() : "ABSTAIN";
    }

    private static String lineOf(String detail) {
        int colon = detail.indexOf(":", detail.indexOf("/acl"));
        if (colon < 0 || !detail.contains("/acl:")) {
            return "0";
        }
        int end = detail.indexOf(' ', colon);
        return detail.substring(colon + 1, end);
    }
}
