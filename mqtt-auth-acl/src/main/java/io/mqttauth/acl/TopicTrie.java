package io.mqttauth.acl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rules indexed by the levels of their topic filters. A check walks the levels of the requested topic once, following
 * the literal child, the {@code +} child and the {@code #} rules of each node, so its cost depends on the topic and on
 * how many wildcard branches the rules open, never on how many rules there are. Immutable once built; walks allocate
 * nothing and take no lock.
 *
 * <p>Matching follows MQTT 4.7 (as {@link io.mqttauth.Topics} does): {@code a/#} matches {@code a}, {@code +}
 * matches an empty level, and a filter whose first level is a wildcard does not match a topic starting with {@code $}.
 */
final class TopicTrie {

    /** The deepest rule accepted, in levels (Mosquitto's TOPIC_HIERARCHY_LIMIT is 200 slashes). */
    static final int MAX_LEVELS = 201;

    private static final Rule[] NO_RULES = new Rule[0];

    private final Node root;
    private final Rule rootNonDollarDeny;
    private final Rule[] rules;
    private final int size;

    private TopicTrie(Node root, Rule rootNonDollarDeny, Rule[] rules) {
        this.root = root;
        this.rootNonDollarDeny = rootNonDollarDeny;
        this.rules = rules;
        this.size = rules.length;
    }

    /** How many rules the trie holds. */
    int size() {
        return size;
    }

    /** Adds every rule of this trie to {@code builder}, to merge small tries into one. */
    void addTo(Builder builder) {
        for (Rule r : rules) {
            builder.add(r);
        }
    }

    /**
     * The first-ranked rule (before {@code best}) that matches the topic name and applies to the action.
     *
     * @return that rule, or {@code best} if none ranks before it
     */
    Rule match(String topic, int actionBit, int qos, boolean retain, Rule best) {
        return size == 0 ? best : match(root, topic, 0, true, actionBit, qos, retain, best);
    }

    /**
     * For a SUBSCRIBE to the filter: the first-ranked rule (before {@code best}) that is either an allow covering every
     * topic the filter can match, or a deny sharing at least one topic with it.
     */
    Rule subscribe(String filter, Rule best) {
        if (size == 0) {
            return best;
        }
        best = deny(root, filter, 0, true, best);
        return cover(root, filter, 0, true, best);
    }

    private static Rule match(Node n, String t, int p, boolean root, int bit, int qos, boolean retain, Rule best) {
        // Follows the literal path iteratively; only '+' branches recurse. Every candidate is ranked against best,
        // so the order of the visits does not matter.
        int len = t.length();
        while (true) {
            boolean dollar = root && t.charAt(p) == '$';
            if (!dollar) {
                best = first(n.multi, bit, qos, retain, best);
            }
            if (p > len) {
                return first(n.exact, bit, qos, retain, best);
            }
            int end = levelEnd(t, p);
            if (n.plus != null && !dollar) {
                best = match(n.plus, t, end + 1, false, bit, qos, retain, best);
            }
            n = n.child(t, p, end);
            if (n == null) {
                return best;
            }
            p = end + 1;
            root = false;
        }
    }

    /** Allows whose filter covers the requested filter (see {@link io.mqttauth.Topics#covers}). */
    private static Rule cover(Node n, String f, int p, boolean root, Rule best) {
        boolean dollar = root && f.charAt(p) == '$';
        if (!dollar) {
            best = firstSubscribe(n.multi, true, best);
        }
        int len = f.length();
        if (p > len) {
            return firstSubscribe(n.exact, true, best);
        }
        int end = levelEnd(f, p);
        if (isLevel(f, p, end, '#')) {
            return best;
        }
        if (isLevel(f, p, end, '+')) {
            return n.plus == null ? best : cover(n.plus, f, end + 1, false, best);
        }
        Node child = n.child(f, p, end);
        if (child != null) {
            best = cover(child, f, end + 1, false, best);
        }
        if (n.plus != null && !dollar) {
            best = cover(n.plus, f, end + 1, false, best);
        }
        return best;
    }

    /** Denies whose filter shares a topic with the requested filter (see {@link io.mqttauth.Topics#intersects}). */
    private Rule deny(Node n, String f, int p, boolean root, Rule best) {
        if (n.subtreeDeny == null || !n.subtreeDeny.before(best)) {
            return best;
        }
        boolean dollar = root && f.charAt(p) == '$';
        if (!dollar) {
            best = firstSubscribe(n.multi, false, best);
        }
        int len = f.length();
        if (p > len) {
            return firstSubscribe(n.exact, false, best);
        }
        int end = levelEnd(f, p);
        if (isLevel(f, p, end, '#')) {
            Rule below = root ? rootNonDollarDeny : n.subtreeDeny;
            return below != null && below.before(best) ? below : best;
        }
        boolean plus = isLevel(f, p, end, '+');
        if (plus) {
            String[] keys = n.keys;
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != null && !(root && keys[i].startsWith("$"))) {
                    best = deny(n.children[i], f, end + 1, false, best);
                }
            }
        } else {
            Node child = n.child(f, p, end);
            if (child != null) {
                best = deny(child, f, end + 1, false, best);
            }
        }
        if (n.plus != null && !dollar) {
            best = deny(n.plus, f, end + 1, false, best);
        }
        return best;
    }

    private static Rule first(Rule[] rules, int bit, int qos, boolean retain, Rule best) {
        for (Rule r : rules) {
            if (!r.before(best)) {
                return best;
            }
            if (r.appliesTo(bit, qos, retain)) {
                return r;
            }
        }
        return best;
    }

    private static Rule firstSubscribe(Rule[] rules, boolean allow, Rule best) {
        for (Rule r : rules) {
            if (!r.before(best)) {
                return best;
            }
            if (r.allow == allow && (r.actions & Rule.SUBSCRIBE) != 0) {
                return r;
            }
        }
        return best;
    }

    static int levelEnd(String s, int from) {
        int i = s.indexOf('/', from);
        return i < 0 ? s.length() : i;
    }

    private static boolean isLevel(String s, int from, int end, char wildcard) {
        return end - from == 1 && s.charAt(from) == wildcard;
    }

    /**
     * One level of the trie: a few literal children in a plain array compared by length and text, more in an
     * open-addressing table keyed by the level's hash.
     */
    private static final class Node {
        /** Up to this many children are scanned, which is cheaper than hashing the level. */
        static final int LINEAR_LIMIT = 4;

        final String[] keys;
        final boolean linear;
        final int[] hashes;
        final Node[] children;
        final int mask;
        final Node plus;
        final Rule[] exact;
        final Rule[] multi;
        final Rule subtreeDeny;

        Node(String[] keys, boolean linear, Node[] children, Node plus, Rule[] exact, Rule[] multi,
                Rule subtreeDeny) {
            this.keys = keys;
            this.linear = linear;
            this.hashes = new int[keys.length];
            for (int i = 0; i < keys.length; i++) {
                hashes[i] = keys[i] == null ? 0 : keys[i].hashCode();
            }
            this.children = children;
            this.mask = keys.length - 1;
            this.plus = plus;
            this.exact = exact;
            this.multi = multi;
            this.subtreeDeny = subtreeDeny;
        }

        Node child(String s, int from, int end) {
            int len = end - from;
            if (linear) {
                for (int i = 0; i < keys.length; i++) {
                    String k = keys[i];
                    if (k.length() == len && k.regionMatches(0, s, from, len)) {
                        return children[i];
                    }
                }
                return null;
            }
            // String.hashCode of the level, two characters per step to halve the multiply chain.
            int h = 0;
            int c = from;
            for (; c + 1 < end; c += 2) {
                h = 961 * h + 31 * s.charAt(c) + s.charAt(c + 1);
            }
            if (c < end) {
                h = 31 * h + s.charAt(c);
            }
            for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
                String k = keys[i];
                if (k == null) {
                    return null;
                }
                if (hashes[i] == h && k.length() == len && k.regionMatches(0, s, from, len)) {
                    return children[i];
                }
            }
        }

        static int spread(int h) {
            return h ^ (h >>> 16);
        }
    }

    /** Collects rules, then freezes them into a trie. Not thread-safe. */
    static final class Builder {
        private final Draft root = new Draft();
        private final List<Rule> rules = new ArrayList<>();

        /** Adds a rule; its filter must be a valid topic filter. */
        Builder add(Rule rule) {
            Draft d = root;
            String f = rule.filter;
            int p = 0;
            while (true) {
                int end = levelEnd(f, p);
                String level = f.substring(p, end);
                if (level.equals("#")) {
                    d.multi.add(rule);
                    break;
                }
                d = level.equals("+")
                        ? (d.plus == null ? (d.plus = new Draft()) : d.plus)
                        : d.children.computeIfAbsent(level, k -> new Draft());
                if (end == f.length()) {
                    d.exact.add(rule);
                    break;
                }
                p = end + 1;
            }
            rules.add(rule);
            return this;
        }

        TopicTrie build() {
            Node r = freeze(root);
            Rule nonDollar = min(denyOf(r.multi), r.plus == null ? null : r.plus.subtreeDeny);
            for (int i = 0; i < r.keys.length; i++) {
                if (r.keys[i] != null && !r.keys[i].startsWith("$")) {
                    nonDollar = min(nonDollar, r.children[i].subtreeDeny);
                }
            }
            return new TopicTrie(r, nonDollar, rules.toArray(NO_RULES));
        }

        private static Node freeze(Draft d) {
            int n = d.children.size();
            boolean linear = n <= Node.LINEAR_LIMIT;
            int cap = linear ? n : Integer.highestOneBit(n * 2 - 1) << 1;
            String[] keys = new String[cap];
            Node[] children = new Node[cap];
            Rule subtree = min(denyOf(sorted(d.exact)), denyOf(sorted(d.multi)));
            int next = 0;
            for (Map.Entry<String, Draft> e : d.children.entrySet()) {
                Node child = freeze(e.getValue());
                subtree = min(subtree, child.subtreeDeny);
                int i = linear ? next++ : Node.spread(e.getKey().hashCode()) & (cap - 1);
                while (keys[i] != null) {
                    i = (i + 1) & (cap - 1);
                }
                keys[i] = e.getKey();
                children[i] = child;
            }
            Node plus = d.plus == null ? null : freeze(d.plus);
            if (plus != null) {
                subtree = min(subtree, plus.subtreeDeny);
            }
            return new Node(keys, linear, children, plus, sorted(d.exact), sorted(d.multi), subtree);
        }

        private static Rule[] sorted(List<Rule> rules) {
            if (rules.isEmpty()) {
                return NO_RULES;
            }
            Rule[] a = rules.toArray(NO_RULES);
            java.util.Arrays.sort(a, Comparator.comparingLong(r -> r.priority));
            return a;
        }

        private static Rule denyOf(Rule[] sortedRules) {
            for (Rule r : sortedRules) {
                if (!r.allow && (r.actions & Rule.SUBSCRIBE) != 0) {
                    return r;
                }
            }
            return null;
        }

        private static Rule min(Rule a, Rule b) {
            return a == null ? b : b == null || a.priority <= b.priority ? a : b;
        }
    }

    private static final class Draft {
        final Map<String, Draft> children = new HashMap<>();
        final List<Rule> exact = new ArrayList<>(1);
        final List<Rule> multi = new ArrayList<>(1);
        Draft plus;
    }
}
