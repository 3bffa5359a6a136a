package io.mqttauth.acl;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.Topics;
import io.mqttauth.spi.AddressRange;
import jakarta.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an ACL file in the Mosquitto format (exactly as Mosquitto 2.0's {@code aclfile__parse} reads it) or in the
 * extended format, into {@link Template}s. Every mistake is reported with file, line and a fix; nothing is silently
 * skipped.
 */
final class AclParser {

    /** The two file formats. */
    enum Format {
        /** Mosquitto's {@code acl_file}. */
        MOSQUITTO,
        /** Our extended syntax (docs/acl.md). */
        EXTENDED
    }

    /** The parsed file. */
    record Parsed(Format format, List<Template> templates, boolean mosquittoPatterns) {
    }

    /** Keywords that only the extended format has; one of them at the start of a line makes a file extended. */
    static final Set<String> EXTENDED_KEYWORDS = Set.of("allow", "deny", "client", "role", "address", "everyone",
            "anonymous");

    /** Mosquitto rank tiers: a user's denies, its allows, the dangerous-name check, pattern denies, pattern allows. */
    static final int TIER_USER_DENY = 0;
    static final int TIER_USER_ALLOW = 1;
    static final int TIER_DANGEROUS = 2;
    static final int TIER_PATTERN_DENY = 3;
    static final int TIER_PATTERN_ALLOW = 4;

    private static final int READ = 1;
    private static final int WRITE = 2;

    private final Path file;
    private final List<ConfigurationProblem> problems = new ArrayList<>();
    private final List<Template> templates = new ArrayList<>();

    private AclParser(Path file) {
        this.file = file;
    }

    /**
     * Parses the file.
     *
     * @param configured the format the operator configured, or {@code null} to detect it from the syntax
     * @throws ConfigurationException listing every bad line
     */
    static Parsed parse(Path file, byte[] content, @Nullable Format configured) {
        String text = new String(content, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        Format format = configured != null ? configured : detect(lines);
        AclParser parser = new AclParser(file);
        boolean patterns = format == Format.MOSQUITTO ? parser.mosquitto(lines, configured != null)
                : parser.extended(lines);
        if (!parser.problems.isEmpty()) {
            throw new ConfigurationException(parser.problems);
        }
        return new Parsed(format, List.copyOf(parser.templates), patterns);
    }

    /** Extended if any line starts with a keyword only the extended syntax has. */
    static Format detect(String[] lines) {
        for (String line : lines) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < t.length() && !Character.isWhitespace(t.charAt(end))) {
                end++;
            }
            if (EXTENDED_KEYWORDS.contains(t.substring(0, end))) {
                return Format.EXTENDED;
            }
        }
        return Format.MOSQUITTO;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Mosquitto 2.0.11 aclfile__parse, line by line.

    private boolean mosquitto(String[] lines, boolean formatConfigured) {
        Selector current = Selector.ANONYMOUS;
        boolean patterns = false;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String buf = rtrim(lines[i]);
            if (buf.isEmpty() || buf.charAt(0) == '#') {
                continue;
            }
            // strtok_r(buf, " "): only the space separates; leading spaces are skipped.
            int start = skipSpaces(buf, 0);
            int end = tokenEnd(buf, start);
            String keyword = buf.substring(start, end);
            switch (keyword) {
                case "topic", "pattern" -> {
                    boolean pattern = keyword.equals("pattern");
                    Template t = mosquittoRule(buf, end, lineNo, current, pattern);
                    if (t != null) {
                        templates.add(t);
                        patterns |= pattern;
                    }
                }
                case "user" -> {
                    String name = end < buf.length() ? trimBlanks(buf.substring(end + 1)) : "";
                    if (name.isEmpty()) {
                        problem(lineNo, "user without a name (Mosquitto: \"Missing username in acl_file\")",
                                "write the user name after the keyword: user alice");
                    } else {
                        current = Selector.user(name);
                    }
                }
                default -> problem(lineNo, "unknown keyword \"" + keyword + "\" (Mosquitto: \"Invalid line in"
                        + " acl_file\")", keywordFix(keyword, formatConfigured));
            }
        }
        return patterns;
    }

    private @Nullable Template mosquittoRule(String buf, int keywordEnd, int lineNo, Selector user, boolean pattern) {
        int accessStart = skipSpaces(buf, keywordEnd);
        if (accessStart >= buf.length()) {
            problem(lineNo, "rule without a topic (Mosquitto: \"Empty topic in acl_file\")",
                    "write an access word and a topic: topic read sensors/#");
            return null;
        }
        int accessEnd = tokenEnd(buf, accessStart);
        String access = buf.substring(accessStart, accessEnd);
        String topic;
        String rest = accessEnd < buf.length() ? buf.substring(accessEnd + 1) : "";
        if (rest.isEmpty()) {
            // Only two tokens: the second is the topic and the access is readwrite (so "topic read" is topic "read").
            topic = access;
            access = null;
            int tab = topic.indexOf('\t');
            if (tab >= 0 && accessBits(topic.substring(0, tab)) >= 0) {
                problem(lineNo, "a tab between \"" + topic.substring(0, tab) + "\" and the topic: Mosquitto reads"
                        + " the whole \"" + topic.replace("\t", "\\t") + "\" as a readwrite topic",
                        "separate the words with spaces");
                return null;
            }
        } else {
            topic = trimBlanks(rest);
        }
        int bits = access == null ? READ | WRITE : accessBits(access);
        if (bits < 0) {
            problem(lineNo, "unknown access \"" + access.replace("\t", "\\t") + "\" (Mosquitto: \"Invalid topic"
                    + " access type\")", access.indexOf('\t') >= 0 ? "separate the words with spaces, not tabs"
                    : "use read, write, readwrite or deny (lower case)");
            return null;
        }
        if (!isValidRuleFilter(topic)) {
            problem(lineNo, "invalid topic filter \"" + topic + "\" (Mosquitto: \"Invalid ACL topic\")",
                    topicFix(topic, true));
            return null;
        }
        boolean placeholders = pattern && (topic.contains("%c") || topic.contains("%u"));
        Selector selector = pattern ? Selector.EVERYONE : user;
        boolean deny = bits == 0;
        int tier = pattern ? (deny ? TIER_PATTERN_DENY : TIER_PATTERN_ALLOW)
                : (deny ? TIER_USER_DENY : TIER_USER_ALLOW);
        int actions = deny ? Rule.ALL
                : ((bits & READ) != 0 ? Rule.RECEIVE | Rule.SUBSCRIBE : 0) | ((bits & WRITE) != 0 ? Rule.PUBLISH : 0);
        return new Template(selector, ((long) tier << 32) | lineNo, !deny, actions, 2, Rule.RETAIN_ANY, topic,
                placeholders, source(lineNo, buf.strip()));
    }

    private static int accessBits(String access) {
        return switch (access) {
            case "read" -> READ;
            case "write" -> WRITE;
            case "readwrite" -> READ | WRITE;
            case "deny" -> 0;
            default -> -1;
        };
    }

    private static String keywordFix(String keyword, boolean formatConfigured) {
        if (keyword.indexOf('\t') >= 0) {
            return "separate the words with spaces: Mosquitto does not treat a tab as a separator";
        }
        if (keyword.startsWith("#")) {
            return "start a comment with # in the first column (Mosquitto has no indented or trailing comments)";
        }
        if (keyword.startsWith("\uFEFF")) {
            return "save the file without a byte-order mark";
        }
        String lower = keyword.toLowerCase(Locale.ROOT);
        if (Set.of("topic", "pattern", "user").contains(lower)) {
            return "keywords are lower case: write " + lower;
        }
        if (formatConfigured && EXTENDED_KEYWORDS.contains(keyword)) {
            return "this is the extended syntax: set acl.format = extended, or remove acl.format to detect it";
        }
        return "start the line with topic, pattern or user, or with # in the first column for a comment";
    }

    /** Mosquitto's right trim: every trailing isspace() character, so CRLF files work. */
    private static String rtrim(String s) {
        int n = s.length();
        while (n > 0 && isSpace(s.charAt(n - 1))) {
            n--;
        }
        return s.substring(0, n);
    }

    /** Mosquitto's misc__trimblanks: leading and trailing isspace() characters. */
    private static String trimBlanks(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && isSpace(s.charAt(a))) {
            a++;
        }
        while (b > a && isSpace(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
    }

    private static int skipSpaces(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static int tokenEnd(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) != ' ') {
            i++;
        }
        return i;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The extended format.

    private boolean extended(String[] lines) {
        Selector current = null;
        boolean brokenSection = false;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int end = 0;
            while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
                end++;
            }
            String keyword = line.substring(0, end);
            String rest = line.substring(end).strip();
            int before = problems.size();
            switch (keyword) {
                case "user", "client", "role" -> {
                    if (rest.isEmpty()) {
                        problem(lineNo, keyword + " without a name", "write the name after the keyword: "
                                + keyword + " " + (keyword.equals("client") ? "sensor-1" : keyword.equals("role")
                                ? "operators" : "alice"));
                    } else {
                        current = new Selector(Selector.Kind.valueOf(keyword.toUpperCase(Locale.ROOT)), rest, null);
                    }
                }
                case "address" -> {
                    Optional<AddressRange> range = AddressRange.parse(rest);
                    if (range.isEmpty()) {
                        problem(lineNo, "\"" + rest + "\" is not an IP address or CIDR range",
                                "write an IP address or CIDR range such as 192.0.2.7, 10.0.0.0/8 or 2001:db8::/32");
                    } else {
                        current = new Selector(Selector.Kind.ADDRESS, rest, range.get());
                    }
                }
                case "everyone", "anonymous" -> {
                    if (!rest.isEmpty()) {
                        problem(lineNo, "\"" + keyword + "\" takes nothing after it",
                                "put the rules on the following lines");
                    } else {
                        current = keyword.equals("everyone") ? Selector.EVERYONE : Selector.ANONYMOUS;
                    }
                }
                case "allow", "deny" -> {
                    if (current == null && !brokenSection) {
                        problem(lineNo, "a rule before any section",
                                "start a section first: everyone, anonymous, user NAME, client ID, role NAME or"
                                        + " address CIDR");
                    } else if (current != null) {
                        Template t = extendedRule(keyword.equals("allow"), rest, lineNo, current, line);
                        if (t != null) {
                            templates.add(t);
                        }
                    }
                }
                case "topic", "pattern" -> problem(lineNo, "\"" + keyword + "\" is Mosquitto syntax, and this file"
                        + " uses the extended syntax", "write allow or deny rules (allow publish,receive "
                        + "sensors/# ; deny all secret/#), or keep the file purely in Mosquitto syntax");
                default -> problem(lineNo, "unknown keyword \"" + keyword + "\"", "start the line with allow, deny,"
                        + " user, client, role, address, everyone or anonymous, or with # for a comment");
            }
            if (Set.of("user", "client", "role", "address", "everyone", "anonymous").contains(keyword)) {
                // Rules under a broken section header are not reported again as rules before any section.
                brokenSection = problems.size() > before;
                if (brokenSection) {
                    current = null;
                }
            }
        }
        return false;
    }

    private @Nullable Template extendedRule(boolean allow, String rest, int lineNo, Selector selector, String line) {
        int end = 0;
        while (end < rest.length() && !Character.isWhitespace(rest.charAt(end))) {
            end++;
        }
        String actionList = rest.substring(0, end);
        String after = rest.substring(end).strip();
        int actions = 0;
        for (String a : actionList.split(",", -1)) {
            int bit = switch (a) {
                case "publish" -> Rule.PUBLISH;
                case "subscribe" -> Rule.SUBSCRIBE;
                case "receive" -> Rule.RECEIVE;
                case "all" -> Rule.ALL;
                default -> -1;
            };
            if (bit < 0) {
                problem(lineNo, actionList.isEmpty() ? "a rule without actions and topic" : "unknown action \"" + a
                        + "\"", "write publish, subscribe, receive or all, several joined by commas without"
                        + " spaces: allow publish,receive sensors/#");
                return null;
            }
            actions |= bit;
        }
        String topic;
        String options;
        if (after.startsWith("\"")) {
            int close = after.indexOf('"', 1);
            if (close < 0) {
                problem(lineNo, "a quoted topic without its closing quote", "close the quote: \"my topic/#\"");
                return null;
            }
            topic = after.substring(1, close);
            options = after.substring(close + 1).strip();
        } else {
            int t = 0;
            while (t < after.length() && !Character.isWhitespace(after.charAt(t))) {
                t++;
            }
            topic = after.substring(0, t);
            options = after.substring(t).strip();
        }
        if (topic.isEmpty()) {
            problem(lineNo, "a rule without a topic", "write the topic filter after the actions: allow "
                    + actionList + " sensors/#");
            return null;
        }
        String placeholderProblem = Placeholders.check(topic);
        if (placeholderProblem != null) {
            problem(lineNo, placeholderProblem, "use %c, %u, ${clientid}, ${username} or ${cert_cn}");
            return null;
        }
        if (!isValidRuleFilter(Placeholders.sample(topic))) {
            problem(lineNo, "invalid topic filter \"" + topic + "\"", topicFix(topic, false));
            return null;
        }
        int maxQos = 2;
        int retain = Rule.RETAIN_ANY;
        if (!options.isEmpty()) {
            if (actions != Rule.PUBLISH) {
                problem(lineNo, "options (\"" + options + "\") on a rule that is not only for publish",
                        "QoS and retain conditions apply to publish: write them on a rule for publish alone");
                return null;
            }
            for (String option : options.split("\\s+")) {
                if (option.matches("max-qos=[012]")) {
                    maxQos = option.charAt(option.length() - 1) - '0';
                } else if (option.equals("retain=true") || option.equals("retain=false")) {
                    retain = option.equals("retain=true") ? 1 : 0;
                } else {
                    problem(lineNo, "unknown option \"" + option + "\"",
                            "write max-qos=0, max-qos=1, max-qos=2, retain=true or retain=false");
                    return null;
                }
            }
        }
        return new Template(selector, lineNo, allow, actions, maxQos, retain, topic, Placeholders.has(topic),
                source(lineNo, line));
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A valid MQTT topic filter with at most Mosquitto's 200 '/' (TOPIC_HIERARCHY_LIMIT). */
    static boolean isValidRuleFilter(String filter) {
        if (!Topics.isValidFilter(filter)) {
            return false;
        }
        int slashes = 0;
        for (int i = 0; i < filter.length(); i++) {
            if (filter.charAt(i) == '/' && ++slashes >= TopicTrie.MAX_LEVELS) {
                return false;
            }
        }
        return true;
    }

    private static String topicFix(String topic, boolean mosquitto) {
        if (mosquitto && topic.contains(" #")) {
            return "Mosquitto has no trailing comments: put the comment on its own line, # in the first column";
        }
        if (topic.chars().filter(c -> c == '/').count() >= TopicTrie.MAX_LEVELS) {
            return "use at most 200 '/' in a topic (Mosquitto's limit)";
        }
        return "wildcards take a whole level (a/+/b, a/#), # only as the last level, no empty topic";
    }

    private String source(int lineNo, String text) {
        return file + ":" + lineNo + " `" + text + "`";
    }

    private void problem(int lineNo, String message, String fix) {
        problems.add(ConfigurationProblem.atLine(file, lineNo, message, fix));
    }
}
