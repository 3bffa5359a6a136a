package io.mqttauth.acl;

import io.mqttauth.AuthorizationResult;

/**
 * The rules that concern one client, resolved once per client (placeholders substituted, sections selected) and
 * cached: the tries to walk, the rules that decide for every topic, and what to say when nothing matches.
 */
final class ClientRules {

    final TopicTrie[] tries;
    final Rule[] everyTopic;
    final AuthorizationResult noMatch;

    ClientRules(TopicTrie[] tries, Rule[] everyTopic, AuthorizationResult noMatch) {
        this.tries = tries;
        this.everyTopic = everyTopic;
        this.noMatch = noMatch;
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
