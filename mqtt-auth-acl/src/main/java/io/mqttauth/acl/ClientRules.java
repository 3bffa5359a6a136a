package io.mqttauth.acl;

import io.mqttauth.AuthorizationResult;

/**
 * The rules that concern one client, resolved once per client (placeholders substituted, sections selected) and
 * cached: the tries to walk, the rules that decide for every topic, and what to say when nothing matches.
 */
final class ClientRules {

    /** The object, its arrays, the cache's key and node, approximately. */
    static final int OVERHEAD = 256;
    /** A rule in the client's own trie: its node, the rule and its result, approximately. */
    static final int PER_RULE = 128;

    final TopicTrie[] tries;
    final Rule[] everyTopic;
    final AuthorizationResult noMatch;
    /**
     * The approximate bytes this client's entry holds in the cache: its identity's strings, the client's own trie
     * (shared tries are not counted) and the details that quote the client.
     */
    final int weight;

    ClientRules(TopicTrie[] tries, Rule[] everyTopic, AuthorizationResult noMatch, int weight) {
        this.tries = tries;
        this.everyTopic = everyTopic;
        this.noMatch = noMatch;
        this.weight = weight;
    }

    /** The first-ranked rule for a PUBLISH or RECEIVE of a topic name, or {@code null}. */
    Rule match(String topic, int actionBit, int qos, boolean retain) {
        Rule best = null;
        for (Rule r : everyTopic) {
            if (r.before(best) && r.appliesTo(actionBit, qos, retain)) {
                best = r;
            }
        }
        for (TopicTrie t : tries) {
            best = t.match(topic, actionBit, qos, retain, best);
        }
        return best;
    }

    /** The first-ranked covering allow or overlapping deny for a SUBSCRIBE to the filter. */
    Rule subscribe(String filter) {
        Rule best = null;
        for (Rule r : everyTopic) {
            if (r.before(best) && (r.actions & Rule.SUBSCRIBE) != 0) {
                best = r;
            }
        }
        for (TopicTrie t : tries) {
            best = t.subscribe(filter, best);
        }
        return best;
    }
}
