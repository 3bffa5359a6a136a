package io.mqttauth.acl;

/**
 * A rule as written in the file: whom it is for, what it does, and its topic before placeholders are substituted.
 *
 * @param selector the clients it is for
 * @param priority its rank: lower decides first
 * @param allow allow or deny
 * @param actions the action bits of {@link Rule}
 * @param maxQos the highest QoS of a PUBLISH it applies to (2: any)
 * @param retain {@link Rule#RETAIN_ANY}, 0 or 1
 * @param topic the topic filter as written
 * @param placeholders whether the topic has placeholders to substitute per client
 * @param source {@code file:line `text`}, for details
 */
record Template(Selector selector, long priority, boolean allow, int actions, int maxQos, int retain, String topic,
        boolean placeholders, String source) {

    /** The rule for a topic without placeholders. */
    Rule toRule() {
        return new Rule(priority, allow, actions, maxQos, retain, topic, source);
    }

    /** The rule with a substituted topic. */
    Rule toRule(String substituted) {
        return new Rule(priority, allow, actions, maxQos, retain, substituted, source + " as " + substituted);
    }
}
