package io.mqttauth.cli;

import io.mqttauth.Action;
import io.mqttauth.ConnectRequest;
import io.mqttauth.MqttVersion;
import io.mqttauth.TlsFacts;

import java.net.InetAddress;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One question to the engine: a client's CONNECT and, unless the action is {@code connect}, one action it takes once
 * connected. Also parses the textual forms of the action, protocol and address shared by options and batch lines.
 *
 * @param request the CONNECT as the broker would receive it
 * @param action the action after connecting, or {@code null} for {@code connect}
 */
record Question(ConnectRequest request, Action action) {

    /** The client id used when none is given: a fixed, recognisable name. */
    static final String DEFAULT_CLIENT_ID = "mqtt-auth-check";

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /**
     * The action named {@code name} on {@code topic}: {@code null} for {@code connect}, otherwise a publish, subscribe
     * or receive with QoS {@code qos} (0 when null) and the retain flag (publish and receive only).
     */
    static Action action(String name, String topic, Integer qos, boolean retain) throws UsageException {
        String n = name == null ? "connect" : name.toLowerCase(Locale.ROOT);
        if (n.equals("connect")) {
            if (topic != null) {
                throw new UsageException("connect takes no topic (got \"" + topic + "\"); drop it, or use publish, "
                        + "subscribe or receive");
            }
            if (qos != null || retain) {
                throw new UsageException("connect takes no QoS or retain flag; use them with publish, subscribe or "
                        + "receive");
            }
            return null;
        }
        if (!n.equals("publish") && !n.equals("subscribe") && !n.equals("receive")) {
            throw new UsageException("unknown action \"" + name + "\"; use connect, publish, subscribe or receive");
        }
        if (topic == null) {
            throw new UsageException(n + " needs a topic" + (n.equals("subscribe") ? " filter" : "")
                    + ", such as: " + n + " sensors/1/temp");
        }
        int q = qos == null ? 0 : qos;
        if (q < 0 || q > 2) {
            throw new UsageException("QoS must be 0, 1 or 2, not " + q);
        }
        if (retain && n.equals("subscribe")) {
            throw new UsageException("a subscription has no retain flag; use it with publish or receive");
        }
        return switch (n) {
            case "publish" -> Action.publish(topic, q, retain);
            case "subscribe" -> Action.subscribe(topic, q);
            default -> Action.receive(topic, q, retain);
        };
    }

    /** {@code 3} (or {@code 3.1.1}, {@code 4}) is MQTT 3.1.1, {@code 5} (or {@code 5.0}) is MQTT 5; default MQTT 5. */
    static MqttVersion protocol(String value) throws UsageException {
        if (value == null) {
            return MqttVersion.V5;
        }
        return switch (value.trim()) {
            case "3", "3.1.1", "4" -> MqttVersion.V3_1_1;
            case "5", "5.0" -> MqttVersion.V5;
            default -> throw new UsageException("unknown protocol \"" + value + "\"; use 3 (MQTT 3.1.1) or 5 (MQTT 5)");
        };
    }

    /** An IPv4 or IPv6 literal; never a host name, so that no DNS lookup happens. */
    static InetAddress address(String value) throws UsageException {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        String problem = "\"" + value + "\" is not an IP address; write an IPv4 or IPv6 literal such as 192.0.2.7 "
                + "or 2001:db8::7";
        var m = IPV4.matcher(v);
        if (m.matches()) {
            for (int g = 1; g <= 4; g++) {
                if (Integer.parseInt(m.group(g)) > 255) {
                    throw new UsageException(problem);
                }
            }
        } else if (!IPV6.matcher(v).matches()) {
            throw new UsageException(problem);
        }
        try {
            return InetAddress.getByName(v);
        } catch (java.net.UnknownHostException e) {
            throw new UsageException(problem);
        }
    }

    /**
     * The TLS facts of the connection: {@code certificate}'s (those of a certificate chain, or {@code null}) with the
     * SNI {@code sni} (or none, {@code null}); {@code null}, a connection without TLS, unless a certificate,
     * {@code tls} or an SNI is given.
     */
    static TlsFacts tls(TlsFacts certificate, boolean tls, String sni) {
        if (certificate == null && !tls && sni == null) {
            return null;
        }
        TlsFacts facts = certificate == null ? TlsFacts.withoutClientCertificate(null, null, null) : certificate;
        return sni == null ? facts : new TlsFacts(facts.peerCertificates(), sni, facts.protocol(), facts.cipherSuite(),
                facts.peerCertificatesPem());
    }

    /** Builds the CONNECT; {@code password} may be {@code null} (not sent), {@code tls} {@code null} (no TLS). */
    static ConnectRequest request(String clientId, String username, byte[] password, MqttVersion version,
            InetAddress address, TlsFacts tls) {
        return ConnectRequest.builder(clientId == null ? DEFAULT_CLIENT_ID : clientId)
                .username(username)
                .password(password)
                .mqttVersion(version)
                .remoteAddress(address)
                .tls(tls)
                .build();
    }
}
