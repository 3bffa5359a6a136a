package io.mqttauth.acl;

import io.mqttauth.Identity;
import io.mqttauth.spi.AddressRange;
import jakarta.annotation.Nullable;

/**
 * Which clients a group of rules is for: a user, a client id, a role, an address range, anonymous clients, or
 * everyone.
 *
 * @param kind the kind of selector
 * @param value the user name, client id or role; the range's text for addresses; empty otherwise
 * @param range the address range, for {@link Kind#ADDRESS}
 */
record Selector(Kind kind, String value, @Nullable AddressRange range) {

    /** The kinds of selector, named as the extended syntax's section keywords. */
    enum Kind {
        /** An authenticated identity with this name. */
        USER,
        /** A connection with this client id. */
        CLIENT,
        /** An identity carrying this role or group. */
        ROLE,
        /** A connection from an address in this range. */
        ADDRESS,
        /** An anonymous client. */
        ANONYMOUS,
        /** Every client. */
        EVERYONE
    }

    static final Selector ANONYMOUS = new Selector(Kind.ANONYMOUS, "", null);
    static final Selector EVERYONE = new Selector(Kind.EVERYONE, "", null);

    static Selector user(String name) {
        return new Selector(Kind.USER, name, null);
    }

    /** Whether the identity is one of the clients selected. */
    boolean matches(Identity identity) {
        return switch (kind) {
            case USER -> !identity.isAnonymous() && identity.name().equals(value);
            case CLIENT -> identity.clientId().equals(value);
            case ROLE -> identity.roles().contains(value);
            case ADDRESS -> identity.remoteAddress().map(range::contains).orElse(false);
            case ANONYMOUS -> identity.isAnonymous();
            case EVERYONE -> true;
        };
    }
}
