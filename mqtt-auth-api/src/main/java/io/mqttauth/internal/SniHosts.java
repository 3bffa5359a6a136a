package io.mqttauth.internal;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import jakarta.annotation.Nullable;
import java.net.IDN;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The server names (SNI) a broker accepts ({@code tls.sni-hosts}): host names, and {@code *.} wildcards that stand for
 * exactly one leftmost label as in RFC 6125 section 6.4.3 ({@code *.example.com} matches {@code a.example.com}, not
 * {@code example.com} nor {@code a.b.example.com}). Entries and the names clients send are compared as ASCII (IDNA
 * A-labels) in lower case. Immutable.
 */
public final class SniHosts {

    /** The configuration key. */
    public static final String KEY = "tls.sni-hosts";

    private static final String WILDCARD = "*.";
    private static final int MAX_NAME_LENGTH = 253;

    private final Set<String> exact;
    /** The parent domains of the wildcards, each with its leading dot: ".example.com" for "*.example.com". */
    private final Set<String> wildcardParents;
    private final String listed;

    private SniHosts(Set<String> exact, Set<String> wildcardParents, List<String> entries) {
        this.exact = Set.copyOf(exact);
        this.wildcardParents = Set.copyOf(wildcardParents);
        this.listed = String.join(", ", entries);
    }

    /**
     * Reads the entries.
     *
     * @throws ConfigurationException (key {@value #KEY}) naming every entry that is neither a host name nor a
     *     {@code *.} wildcard, each with the fix
     */
    public static SniHosts of(Collection<String> entries) {
        Set<String> exact = new LinkedHashSet<>();
        Set<String> parents = new LinkedHashSet<>();
        List<String> normalized = new ArrayList<>();
        List<ConfigurationProblem> problems = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.trim();
            boolean wildcard = entry.startsWith(WILDCARD);
            String name = wildcard ? entry.substring(WILDCARD.length()) : entry;
            String problem = problem(name);
            if (problem != null) {
                problems.add(ConfigurationProblem.ofKey(KEY, "entry \"" + entry + "\" is not a host name: " + problem,
                        fix(entry)));
                continue;
            }
            String ascii = ascii(name);
            if (wildcard ? parents.add("." + ascii) : exact.add(ascii)) {
                normalized.add(wildcard ? WILDCARD + ascii : ascii);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new SniHosts(exact, parents, normalized);
    }

    /** Whether no entry is configured (then no client is checked). */
    public boolean isEmpty() {
        return exact.isEmpty() && wildcardParents.isEmpty();
    }

    /**
     * Whether {@code serverName}, as a client sent it, is accepted: it equals an entry, or its leftmost label is
     * replaced by a wildcard entry. One trailing dot (the DNS root) is ignored.
     */
    public boolean allows(String serverName) {
        String name = serverName.endsWith(".") ? serverName.substring(0, serverName.length() - 1) : serverName;
        String ascii;
        try {
            ascii = ascii(name);
        } catch (IllegalArgumentException e) {
            return false; // not a host name, so on no list
        }
        if (exact.contains(ascii)) {
            return true;
        }
        int dot = ascii.indexOf('.');
        return dot > 0 && wildcardParents.contains(ascii.substring(dot));
    }

    /** Whether {@code serverName} looks like an IPv4 or IPv6 literal, which RFC 6066 forbids in SNI. */
    public static boolean isAddressLiteral(String serverName) {
        return serverName.indexOf(':') >= 0 || !serverName.isEmpty() && serverName.chars()
                .allMatch(c -> c == '.' || c >= '0' && c <= '9');
    }

    /** The entries as compared (ASCII, lower case), comma-separated in configuration order. */
    @Override
    public String toString() {
        return listed;
    }

    /** The IDNA ASCII form in lower case; throws {@link IllegalArgumentException} for a name that is not LDH. */
    private static String ascii(String name) {
        return IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    }

    /** What is wrong with {@code name} as a host name, or null. */
    private static @Nullable String problem(String name) {
        if (name.isEmpty()) {
            return "it is empty";
        }
        if (name.endsWith(".")) {
            return "it ends with a dot";
        }
        if (isAddressLiteral(name)) {
            return "it is an IP address, and clients never send an IP address as SNI (RFC 6066)";
        }
        String ascii;
        try {
            ascii = ascii(name);
        } catch (IllegalArgumentException e) {
            return name.indexOf('*') >= 0 ? "a wildcard may only be the whole leftmost label"
                    : "only letters, digits and hyphens are allowed, in labels of 1 to 63 characters that neither "
                            + "start nor end with a hyphen";
        }
        return ascii.length() > MAX_NAME_LENGTH ? "it is longer than " + MAX_NAME_LENGTH + " characters" : null;
    }

    private static String fix(String entry) {
        if (entry.indexOf('*') >= 0) {
            return "write a host name such as broker.example.com, or a wildcard for one leftmost label such as "
                    + "*.example.com";
        }
        return "write the host name clients connect to, such as broker.example.com (clients that connect by IP "
                + "address send no SNI: make them connect by host name)";
    }
}
