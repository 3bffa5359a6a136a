package io.mqttauth.acl;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.mqttauth.AuthorizationResult;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.SafeText;
import io.mqttauth.acl.AclParser.Format;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One immutable snapshot of an ACL file: the rules without placeholders compiled into one trie per section, the rules
 * with placeholders kept as templates, and a bounded cache of every client's resolved {@link ClientRules}. A reload
 * builds a new snapshot (with a new cache) and swaps it in whole.
 *
 * <p>The cache is bounded by memory as well as by clients, because its keys and values hold client ids and user names
 * that clients choose (a placeholder substitutes them into topics): every entry weighs its approximate bytes
 * ({@link ClientRules#weight}), but at least an equal share of the budget, so there are never more than
 * {@code cacheSize} entries either.
 */
final class AclRules {

    /** Sections of at most this many rules are copied into each client's own trie (see {@link #resolve}). */
    static final int MERGE_LIMIT = 256;

    final Path file;
    final Format format;
    final int ruleCount;
    private final boolean abstainOnNoMatch;
    private final Map<Selector, TopicTrie> sections;
    private final Map<String, TopicTrie> users = new HashMap<>();
    private final Map<String, TopicTrie> clients = new HashMap<>();
    private final Map<String, TopicTrie> roles = new HashMap<>();
    private final List<Map.Entry<Selector, TopicTrie>> addresses = new ArrayList<>();
    private final List<Template> templates;
    private final boolean mosquittoPatterns;
    private final LoadingCache<Identity, ClientRules> cache;

    AclRules(Path file, AclParser.Parsed parsed, boolean abstainOnNoMatch, long cacheSize, long cacheMemory) {
        this.file = file;
        this.format = parsed.format();
        this.ruleCount = parsed.templates().size();
        this.abstainOnNoMatch = abstainOnNoMatch;
        this.mosquittoPatterns = parsed.mosquittoPatterns();
        Map<Selector, TopicTrie.Builder> builders = new LinkedHashMap<>();
        List<Template> withPlaceholders = new ArrayList<>();
        for (Template t : parsed.templates()) {
            if (t.placeholders()) {
                withPlaceholders.add(t);
            } else {
                builders.computeIfAbsent(t.selector(), s -> new TopicTrie.Builder()).add(t.toRule());
            }
        }
        Map<Selector, TopicTrie> built = new LinkedHashMap<>();
        builders.forEach((s, b) -> built.put(s, b.build()));
        this.sections = built;
        built.forEach((s, trie) -> {
            switch (s.kind()) {
                case USER -> users.put(s.value(), trie);
                case CLIENT -> clients.put(s.value(), trie);
                case ROLE -> roles.put(s.value(), trie);
                case ADDRESS -> addresses.add(Map.entry(s, trie));
                default -> {
                    // anonymous and everyone are looked up in sections directly
                }
            }
        });
        this.templates = List.copyOf(withPlaceholders);
        int leastWeight = (int) Math.min(Integer.MAX_VALUE, Math.max(1, cacheMemory / cacheSize));
        this.cache = Caffeine.newBuilder()
                .maximumWeight(cacheMemory)
                .<Identity, ClientRules>weigher((identity, rules) -> Math.max(leastWeight, rules.weight))
                .build(this::resolve);
    }

    /** The client's rules, resolved on first use and cached. */
    ClientRules forClient(Identity identity) {
        return cache.get(identity);
    }

    /** The approximate bytes the cached clients' rules hold, as weighed for the memory budget. */
    long weightedSize() {
        cache.cleanUp();
        return cache.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    /** How many clients' rules are cached. */
    long cachedClients() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** Selects the client's sections and substitutes its values into the templates. */
    ClientRules resolve(Identity identity) {
        List<TopicTrie> tries = new ArrayList<>();
        if (identity.isAnonymous()) {
            add(tries, sections.get(Selector.ANONYMOUS));
        } else {
            add(tries, users.get(identity.name()));
        }
        add(tries, clients.get(identity.clientId()));
        for (String role : identity.roles()) {
            add(tries, roles.get(role));
        }
        for (Map.Entry<Selector, TopicTrie> a : addresses) {
            if (a.getKey().matches(identity)) {
                add(tries, a.getValue());
            }
        }
        add(tries, sections.get(Selector.EVERYONE));

        List<Rule> everyTopic = new ArrayList<>();
        if (format == Format.MOSQUITTO && mosquittoPatterns) {
            String dangerous = dangerousName(identity);
            if (dangerous != null) {
                everyTopic.add(new Rule((long) AclParser.TIER_DANGEROUS << 32, false, Rule.ALL, 2, Rule.RETAIN_ANY,
                        "#", file + ": Mosquitto denies pattern access to a client whose " + dangerous
                                + " contains + or #"));
            }
        }
        TopicTrie.Builder own = new TopicTrie.Builder();
        long chars = identity.name().length() + identity.clientId().length()
                + identity.username().map(String::length).orElse(0);
        for (Template t : templates) {
            if (!t.selector().matches(identity)) {
                continue;
            }
            Placeholders.Outcome o = format == Format.MOSQUITTO
                    ? Placeholders.mosquitto(t.topic(), identity.clientId(), Placeholders.username(identity))
                    : Placeholders.extended(t.topic(), identity);
            if (o instanceof Placeholders.Topic s) {
                // An invalid result (an empty client id, say) matches nothing, as in Mosquitto.
                if (AclParser.isValidRuleFilter(s.topic())) {
                    own.add(t.toRule(s.topic()));
                    // the filter, its levels in the trie, and the detail "... as <filter>"
                    chars += 3L * s.topic().length() + t.source().length();
                }
            } else if (o instanceof Placeholders.Unsafe u) {
                Rule rule = new Rule(t.toRule(), "denied by " + t.source() + ": the client's " + u.placeholder()
                        + " cannot be used in a topic (" + u.why() + "), so the rule denies every topic");
                everyTopic.add(rule);
                chars += rule.result.detail().length();
            }
        }
        // Small sections are merged with the client's own rules into one trie, so that a typical check walks the
        // topic's levels once; large sections stay shared between clients instead of being copied per client.
        List<TopicTrie> shared = new ArrayList<>();
        for (TopicTrie t : tries) {
            if (t.size() <= MERGE_LIMIT) {
                t.addTo(own);
            } else {
                shared.add(t);
            }
        }
        TopicTrie mine = own.build();
        if (mine.size() > 0) {
            shared.add(mine);
        }
        AuthorizationResult noMatch = noMatch(identity);
        chars += noMatch.detail().length();
        for (Rule r : everyTopic) {
            chars += r.result.detail().length();
        }
        long bytes = ClientRules.OVERHEAD + ClientRules.PER_RULE * (mine.size() + everyTopic.size()) + 2 * chars;
        return new ClientRules(shared.toArray(new TopicTrie[0]), everyTopic.toArray(new Rule[0]), noMatch,
                (int) Math.min(Integer.MAX_VALUE, bytes));
    }

    private AuthorizationResult noMatch(Identity identity) {
        String who = identity.isAnonymous() ? "anonymous client " + SafeText.quote(identity.clientId())
                : SafeText.quote(identity.name()) + " (client " + SafeText.quote(identity.clientId()) + ")";
        String detail = "no rule in " + file + " matches for " + who;
        if (abstainOnNoMatch) {
            return AuthorizationResult.abstain(detail);
        }
        return AuthorizationResult.deny(FailureReason.NO_MATCHING_RULE, detail + (format == Format.MOSQUITTO
                ? "; like Mosquitto, anything not allowed is denied" : "; acl.no-match = deny"));
    }

    private static String dangerousName(Identity identity) {
        String username = Placeholders.username(identity);
        if (username != null && (username.indexOf('+') >= 0 || username.indexOf('#') >= 0)) {
            return "user name " + SafeText.quote(username);
        }
        String id = identity.clientId();
        if (id.indexOf('+') >= 0 || id.indexOf('#') >= 0) {
            return "client id " + SafeText.quote(id);
        }
        return null;
    }

    private static void add(List<TopicTrie> tries, TopicTrie trie) {
        if (trie != null && trie.size() > 0) {
            tries.add(trie);
        }
    }
}
