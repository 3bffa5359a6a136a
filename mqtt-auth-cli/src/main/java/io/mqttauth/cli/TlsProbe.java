package io.mqttauth.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * One TLS handshake as {@code doctor} makes it: with or without SNI, accepting any server certificate but keeping it
 * for {@link #certificateProblems}, and offering the {@code --cert} chain whatever CAs the server names (as OpenSSL
 * clients do) while recording whether it asked and which CAs it named.
 */
final class TlsProbe {

    private static final Pattern ALERT = Pattern.compile("Received fatal alert: (\\w+)");

    private TlsProbe() {
    }

    /** The client's certificate chain (leaf first) and its private key. */
    record ClientKey(List<X509Certificate> chain, PrivateKey key) {
    }

    /**
     * What one handshake showed. {@code socket} is open when the handshake completed (the caller closes it), else
     * {@code null} and {@code failure} says why.
     */
    record Handshake(SSLSocket socket, String protocol, String cipher, List<X509Certificate> serverChain,
            boolean clientCertificateRequested, List<X500Principal> acceptableIssuers, IOException failure) {

        boolean completed() {
            return socket != null;
        }
    }

    /**
     * Makes a TLS handshake over a new TCP connection to {@code address}, sending {@code sni} as the server name, or
     * no server name when it is {@code null}.
     */
    static Handshake handshake(InetSocketAddress address, String sni, ClientKey clientKey, int timeoutMillis) {
        KeyRecorder keys = new KeyRecorder(clientKey);
        ChainRecorder chain = new ChainRecorder();
        Socket plain = new Socket();
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new X509ExtendedKeyManager[] {keys}, new X509ExtendedTrustManager[] {chain}, null);
            plain.connect(address, timeoutMillis);
            plain.setSoTimeout(timeoutMillis);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain,
                    address.getAddress().getHostAddress(), address.getPort(), true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return new Handshake(socket, socket.getSession().getProtocol(), socket.getSession().getCipherSuite(),
                    chain.serverChain, keys.requested, keys.issuers, null);
        } catch (IOException e) {
            closeQuietly(plain);
            return new Handshake(null, null, null, chain.serverChain, keys.requested, keys.issuers, e);
        } catch (GeneralSecurityException e) {
            closeQuietly(plain);
            return new Handshake(null, null, null, chain.serverChain, keys.requested, keys.issuers,
                    new IOException("the JDK cannot make a TLS context: " + e.getMessage(), e));
        }
    }

    /** The name of the TLS alert the server sent, from the JDK's message, or {@code null} if none was received. */
    static String alert(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                Matcher m = ALERT.matcher(t.getMessage());
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    /** A TLS alert in words: what the server says went wrong, and what usually causes it. */
    static String alertInWords(String alert) {
        String words = ALERT_WORDS.get(alert);
        return words != null ? words : "the server ended the handshake with the alert \"" + alert + "\"";
    }

    private static final Map<String, String> ALERT_WORDS = Map.ofEntries(
            Map.entry("handshake_failure", "the server refused the handshake (handshake_failure): no protocol "
                    + "version or cipher in common, a client certificate it requires was not sent, or it has no "
                    + "certificate for the server name (SNI) the client sent or did not send"),
            Map.entry("unrecognized_name", "the server does not know the server name (SNI) the client sent "
                    + "(unrecognized_name)"),
            Map.entry("certificate_required", "the server requires a client certificate and none was sent "
                    + "(certificate_required)"),
            Map.entry("bad_certificate", "the server rejected the client certificate (bad_certificate): it does "
                    + "not chain to a CA the server trusts, or its key does not match"),
            Map.entry("unknown_ca", "the server does not trust the CA that issued the client certificate "
                    + "(unknown_ca)"),
            Map.entry("certificate_unknown", "the server could not accept the client certificate "
                    + "(certificate_unknown): usually an untrusted issuer or a wrong key usage"),
            Map.entry("certificate_expired", "the server says the client certificate has expired "
                    + "(certificate_expired)"),
            Map.entry("certificate_revoked", "the server says the client certificate is revoked "
                    + "(certificate_revoked)"),
            Map.entry("unsupported_certificate", "the server does not support the client certificate's type "
                    + "(unsupported_certificate)"),
            Map.entry("protocol_version", "the server does not accept the TLS versions the client offered "
                    + "(protocol_version): it may require TLS 1.3, or still speak only TLS 1.0/1.1"),
            Map.entry("insufficient_security", "the server requires stronger ciphers than the client offered "
                    + "(insufficient_security)"),
            Map.entry("access_denied", "the server refused this client (access_denied)"),
            Map.entry("decrypt_error", "a signature or key exchange failed to verify (decrypt_error): often the "
                    + "client certificate and its private key do not belong together"),
            Map.entry("illegal_parameter", "the server found a bad field in the handshake (illegal_parameter)"),
            Map.entry("internal_error", "the server failed internally during the handshake (internal_error)"),
            Map.entry("no_application_protocol", "the server requires an application protocol (ALPN) the client "
                    + "did not offer (no_application_protocol)"));

    /** One problem with the server's certificate chain, in one of three kinds. */
    record CertificateProblem(String kind, String detail, String remedy) {
        static final String TRUST = "certificate-trust";
        static final String DATES = "certificate-dates";
        static final String HOST = "certificate-host";
    }

    /**
     * Everything a verifying client would object to in {@code chain} for {@code host}: certificates outside their
     * validity, a chain that reaches none of {@code anchors} (naming the issuer), a host name the leaf is not for
     * (naming the names it is for), and any other PKIX failure of the JDK's validation.
     */
    static List<CertificateProblem> certificateProblems(List<X509Certificate> chain, TrustSource anchors,
            String host, Instant now) {
        List<CertificateProblem> problems = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            String which = (i == 0 ? "the server certificate " : "the intermediate certificate ")
                    + quoted(c.getSubjectX500Principal());
            try {
                c.checkValidity(Date.from(now));
            } catch (CertificateExpiredException e) {
                problems.add(new CertificateProblem(CertificateProblem.DATES, which + " expired on "
                        + c.getNotAfter().toInstant() + " (valid " + c.getNotBefore().toInstant() + " to "
                        + c.getNotAfter().toInstant() + "; it is now " + now + ")",
                        "the broker's operator must renew the certificate; if only your device thinks so, set its "
                        + "clock (devices without a clock source often start in 1970)"));
            } catch (CertificateNotYetValidException e) {
                problems.add(new CertificateProblem(CertificateProblem.DATES, which + " is not valid before "
                        + c.getNotBefore().toInstant() + " (valid " + c.getNotBefore().toInstant() + " to "
                        + c.getNotAfter().toInstant() + "; it is now " + now + ")",
                        "check the device's clock (SNTP before TLS); else the broker's operator installed a "
                        + "certificate dated in the future"));
            }
        }
        boolean anchored = anchored(chain, anchors.certificates());
        if (!anchored && !chain.isEmpty()) {
            X509Certificate top = chain.get(chain.size() - 1);
            X500Principal issuer = top.getIssuerX500Principal();
            boolean sameName = anchors.certificates().stream()
                    .anyMatch(a -> a.getSubjectX500Principal().equals(issuer));
            String end = top.getSubjectX500Principal().equals(issuer) ? "the self-signed " + quoted(issuer)
                    : quoted(top.getSubjectX500Principal()) + ", issued by " + quoted(issuer) + ",";
            problems.add(new CertificateProblem(CertificateProblem.TRUST, "the chain (" + chain.size()
                    + (chain.size() == 1 ? " certificate" : " certificates") + ") ends at " + end
                    + " which is not in " + anchors.label() + (sameName ? " (a CA with that name is, but its key did not sign this "
                    + "certificate: a different CA with the same name)" : ""),
                    anchors.custom() ? "give the CA that issued the broker's certificate as --cafile (ask the "
                    + "broker's operator for it), and put the same CA on the device"
                    : "the broker uses a private CA: get its certificate from the broker's operator and pass it "
                    + "as --cafile (and put it on the device)"));
        }
        if (!chain.isEmpty()) {
            List<String> names = names(chain.get(0));
            if (!matchesHost(chain.get(0), host)) {
                problems.add(new CertificateProblem(CertificateProblem.HOST, "the server certificate is for "
                        + (names.isEmpty() ? "no name at all" : String.join(", ", names)) + ", not for " + host,
                        isIpAddress(host) ? "connect by one of the names the certificate is for, not by IP address "
                        + "(and so send it as SNI)" : "connect by one of the names the certificate is for, or ask "
                        + "the broker's operator for a certificate that names " + host));
            }
        }
        if (problems.isEmpty() && !chain.isEmpty()) {
            String failure = anchors.validate(chain);
            if (failure != null) {
                problems.add(new CertificateProblem(CertificateProblem.TRUST, "the JDK's PKIX validation refuses "
                        + "the chain: " + failure, "ask the broker's operator to fix the certificate chain"));
            }
        }
        return problems;
    }

    /** The trust anchors the server's chain is checked against: {@code --cafile}, or the JDK's trust store. */
    record TrustSource(List<X509Certificate> certificates, String label, boolean custom) {

        /** The JDK's default trust store. */
        static TrustSource jdk() throws GeneralSecurityException {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            List<X509Certificate> anchors = new ArrayList<>();
            for (var tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    anchors.addAll(Arrays.asList(x.getAcceptedIssuers()));
                }
            }
            return new TrustSource(List.copyOf(anchors), "the JDK's trust store", false);
        }

        /** The failure message of the JDK's PKIX validation of {@code chain}, or {@code null} if it passes. */
        String validate(List<X509Certificate> chain) {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                for (int i = 0; i < certificates.size(); i++) {
                    ks.setCertificateEntry("anchor-" + i, certificates.get(i));
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
                tmf.init(ks);
                for (var tm : tmf.getTrustManagers()) {
                    if (tm instanceof X509TrustManager x) {
                        x.checkServerTrusted(chain.toArray(X509Certificate[]::new), "UNKNOWN");
                    }
                }
                return null;
            } catch (GeneralSecurityException | IOException e) {
                return e.getMessage();
            }
        }
    }

    /** Whether a certificate of {@code chain} is an anchor or is signed by one. */
    private static boolean anchored(List<X509Certificate> chain, List<X509Certificate> anchors) {
        for (X509Certificate c : chain) {
            for (X509Certificate a : anchors) {
                if (a.equals(c)) {
                    return true;
                }
                if (a.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                    try {
                        c.verify(a.getPublicKey());
                        return true;
                    } catch (GeneralSecurityException notThisOne) {
                        // another anchor with the same name may have signed it
                    }
                }
            }
        }
        return false;
    }

    /** The DNS names and IP addresses of the certificate's subjectAltName, else its CN. */
    static List<String> names(X509Certificate c) {
        List<String> names = new ArrayList<>();
        for (List<?> san : subjectAltNames(c)) {
            if (san.size() == 2 && (Integer.valueOf(2).equals(san.get(0)) || Integer.valueOf(7).equals(san.get(0)))) {
                names.add(String.valueOf(san.get(1)));
            }
        }
        if (names.isEmpty()) {
            String cn = commonName(c.getSubjectX500Principal());
            if (cn != null) {
                names.add(cn + " (CN)");
            }
        }
        return names;
    }

    /** The DNS names of the certificate's subjectAltName, without wildcards: the names worth trying as SNI. */
    static List<String> dnsNames(X509Certificate c) {
        List<String> names = new ArrayList<>();
        for (List<?> san : subjectAltNames(c)) {
            if (san.size() == 2 && Integer.valueOf(2).equals(san.get(0)) && !String.valueOf(san.get(1))
                    .contains("*")) {
                names.add(String.valueOf(san.get(1)));
            }
        }
        return names;
    }

    private static Collection<List<?>> subjectAltNames(X509Certificate c) {
        try {
            Collection<List<?>> sans = c.getSubjectAlternativeNames();
            return sans == null ? List.of() : sans;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    /** Whether the leaf is for {@code host}: RFC 6125 matching of subjectAltName (CN only when it has no SAN). */
    static boolean matchesHost(X509Certificate leaf, String host) {
        boolean ip = isIpAddress(host);
        String wanted = host.toLowerCase(Locale.ROOT);
        boolean anyDns = false;
        for (List<?> san : subjectAltNames(leaf)) {
            if (san.size() != 2) {
                continue;
            }
            String value = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
            if (Integer.valueOf(7).equals(san.get(0)) && ip && sameAddress(value, wanted)) {
                return true;
            }
            if (Integer.valueOf(2).equals(san.get(0))) {
                anyDns = true;
                if (!ip && dnsMatch(value, wanted)) {
                    return true;
                }
            }
        }
        String cn = commonName(leaf.getSubjectX500Principal());
        return !anyDns && !ip && cn != null && dnsMatch(cn.toLowerCase(Locale.ROOT), wanted);
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return java.net.InetAddress.getByName(a).equals(java.net.InetAddress.getByName(b));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean dnsMatch(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            String suffix = pattern.substring(1);
            return host.endsWith(suffix) && host.length() > suffix.length()
                    && host.indexOf('.') == host.length() - suffix.length();
        }
        return pattern.equals(host);
    }

    /** Whether {@code host} is an IPv4 or IPv6 literal (so no SNI can carry it). */
    static boolean isIpAddress(String host) {
        return host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static String commonName(X500Principal p) {
        for (String rdn : p.getName(X500Principal.RFC2253).split(",(?=(?:[^\\\\]|\\\\.)*$)")) {
            if (rdn.regionMatches(true, 0, "CN=", 0, 3)) {
                return rdn.substring(3);
            }
        }
        return null;
    }

    /** A distinguished name in quotes, RFC 2253 style. */
    static String quoted(X500Principal p) {
        return "\"" + p.getName(X500Principal.RFC2253) + "\"";
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to add: the connection is gone either way
        }
    }

    /**
     * Offers the client key (if any) whatever issuers the server names, and records whether the server asked for a
     * certificate and which CAs it named.
     */
    private static final class KeyRecorder extends X509ExtendedKeyManager {
        private static final String ALIAS = "client";
        private final ClientKey clientKey;
        private volatile boolean requested;
        private volatile List<X500Principal> issuers = List.of();

        KeyRecorder(ClientKey clientKey) {
            this.clientKey = clientKey;
        }

        private String choose(Principal[] named) {
            requested = true;
            List<X500Principal> list = new ArrayList<>();
            if (named != null) {
                for (Principal p : named) {
                    list.add(p instanceof X500Principal x ? x : new X500Principal(p.getName()));
                }
            }
            issuers = List.copyOf(list);
            return clientKey == null ? null : ALIAS;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] named, Socket socket) {
            return choose(named);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] named, SSLEngine engine) {
            return choose(named);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] named) {
            return clientKey == null ? null : new String[] {ALIAS};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] named) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] named, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return clientKey == null ? null : clientKey.chain().toArray(X509Certificate[]::new);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return clientKey == null ? null : clientKey.key();
        }
    }

    /** Accepts any server chain but keeps it, for {@link #certificateProblems}. */
    private static final class ChainRecorder extends X509ExtendedTrustManager {
        private volatile List<X509Certificate> serverChain = List.of();

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            serverChain = List.of(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            serverChain = List.of(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            serverChain = List.of(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("doctor is a client; it never checks client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("doctor is a client; it never checks client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("doctor is a client; it never checks client certificates");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Whether {@code e} is the JDK saying the peer did not speak TLS at all. */
    static boolean notTls(IOException e) {
        return e instanceof SSLException && e.getMessage() != null
                && e.getMessage().contains("Unsupported or unrecognized SSL message");
    }
}
