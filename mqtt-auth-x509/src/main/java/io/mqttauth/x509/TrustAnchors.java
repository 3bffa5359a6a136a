package io.mqttauth.x509;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.spi.WatchedFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import jakarta.annotation.Nullable;

/**
 * The trust anchors in force: the certificates of {@code x509.trust.path}, indexed by subject. Immutable.
 *
 * <p>A file is read as a JKS store when it starts with the JKS magic number, as PEM when it holds a
 * {@code -----BEGIN} line, else as one DER certificate or, failing that, a PKCS#12 store. Every certificate of a PEM
 * or DER file and every trusted-certificate entry of a store is an anchor; identical certificates count once.
 */
final class TrustAnchors {

    private static final int JKS_MAGIC = 0xFEEDFEED;

    private final Map<X500Principal, Set<TrustAnchor>> bySubject;
    /** Each anchor subject as {@link Names#describe} renders it, rendered once at load for every decision. */
    private final Map<X500Principal, String> names;

    private TrustAnchors(Map<X500Principal, Set<TrustAnchor>> bySubject) {
        this.bySubject = bySubject;
        Map<X500Principal, String> rendered = new HashMap<>();
        bySubject.keySet().forEach(subject -> rendered.put(subject, Names.describe(subject)));
        this.names = Map.copyOf(rendered);
    }

    /** The anchors whose subject is {@code name}; empty if none. */
    Set<TrustAnchor> withSubject(X500Principal name) {
        return bySubject.getOrDefault(name, Set.of());
    }

    /** The subject of an anchor of these, for messages. */
    String nameOf(TrustAnchor anchor) {
        X500Principal subject = anchor.getTrustedCert().getSubjectX500Principal();
        String name = names.get(subject);
        return name != null ? name : Names.describe(subject);
    }

    /** Reads the anchors of {@code x509.trust.path}: a PEM file, a folder of PEM files or a store. */
    static final class Parser implements WatchedFiles.Parser<TrustAnchors> {
        private final Path path;
        private final @Nullable char[] password;
        private final String pathKey;
        private final String passwordKey;

        /**
         * @param path the configured file or folder, for messages
         * @param password the stores' password, or {@code null}; kept for reloads, never shown
         * @param pathKey the full key of the path, for messages
         * @param passwordKey the full key of the password, for messages
         */
        Parser(Path path, @Nullable char[] password, String pathKey, String passwordKey) {
            this.path = path;
            this.password = password == null ? null : password.clone();
            this.pathKey = pathKey;
            this.passwordKey = passwordKey;
        }

        /** @throws ConfigurationException naming every file that cannot be read, and what to do */
        @Override
        public TrustAnchors parse(Map<Path, byte[]> contents) {
            Map<String, X509Certificate> byFingerprint = new LinkedHashMap<>();
            List<ConfigurationProblem> problems = new ArrayList<>();
            for (Map.Entry<Path, byte[]> e : contents.entrySet()) {
                try {
                    for (X509Certificate c : read(e.getKey(), e.getValue())) {
                        byFingerprint.putIfAbsent(CertificateFacts.fingerprint(c), c);
                    }
                } catch (ConfigurationException problem) {
                    problems.addAll(problem.problems());
                }
            }
            if (contents.isEmpty()) {
                problems.add(new ConfigurationProblem(path, 0, pathKey,
                        "the folder holds no *.pem, *.crt or *.cer file",
                        "put the PEM certificates of the CAs that issue client certificates in the folder"));
            }
            if (!problems.isEmpty()) {
                throw new ConfigurationException(problems);
            }
            Map<X500Principal, Set<TrustAnchor>> bySubject = new HashMap<>();
            for (X509Certificate c : byFingerprint.values()) {
                bySubject.computeIfAbsent(c.getSubjectX500Principal(), k -> new HashSet<>())
                        .add(new TrustAnchor(c, null));
            }
            bySubject.replaceAll((k, v) -> Collections.unmodifiableSet(v));
            return new TrustAnchors(Map.copyOf(bySubject));
        }

        private List<X509Certificate> read(Path file, byte[] content) {
            if (content.length >= 4 && ((content[0] & 0xFF) << 24 | (content[1] & 0xFF) << 16
                    | (content[2] & 0xFF) << 8 | (content[3] & 0xFF)) == JKS_MAGIC) {
                return store(file, content, "JKS");
            }
            boolean pem = new String(content, StandardCharsets.ISO_8859_1).contains("-----BEGIN");
            List<X509Certificate> certificates;
            try {
                certificates = Pem.certificates(content);
            } catch (PemException e) {
                if (pem) {
                    throw new ConfigurationException(ConfigurationProblem.atLine(file, 0, e.getMessage(),
                            "replace the certificate with a correct PEM copy"));
                }
                return store(file, content, "PKCS12");
            }
            if (certificates.isEmpty()) {
                throw new ConfigurationException(ConfigurationProblem.atLine(file, 0, "holds no certificate",
                        "put the PEM certificates of the CAs that issue client certificates in it"));
            }
            return certificates;
        }

        private List<X509Certificate> store(Path file, byte[] content, String type) {
            String notAStore = "give the CA certificates as PEM, or a PKCS#12 or JKS trust store";
            List<X509Certificate> certificates = new ArrayList<>();
            try {
                KeyStore store = KeyStore.getInstance(type);
                store.load(new ByteArrayInputStream(content), password);
                for (String alias : Collections.list(store.aliases())) {
                    Certificate c = store.isCertificateEntry(alias) ? store.getCertificate(alias) : null;
                    if (c instanceof X509Certificate x) {
                        certificates.add(x);
                    }
                }
            } catch (IOException e) {
                if (e.getCause() instanceof UnrecoverableKeyException) {
                    throw new ConfigurationException(new ConfigurationProblem(file, 0, passwordKey,
                            password == null ? "the " + type + " store needs a password"
                                    : "the password of the " + type + " store is wrong",
                            "set " + passwordKey + " to the store's password"));
                }
                throw new ConfigurationException(ConfigurationProblem.atLine(file, 0, "is neither PEM, a DER "
                        + "certificate, a PKCS#12 nor a JKS store (" + type + ": " + e.getMessage() + ")", notAStore));
            } catch (GeneralSecurityException e) {
                throw new ConfigurationException(ConfigurationProblem.atLine(file, 0,
                        "the " + type + " store cannot be read (" + e.getMessage() + ")", notAStore));
            }
            if (certificates.isEmpty()) {
                throw new ConfigurationException(new ConfigurationProblem(file, 0,
                        password == null ? passwordKey : null,
                        "the " + type + " store holds no trusted certificate entry",
                        password == null ? "if its certificates are encrypted, set " + passwordKey
                                + " to the store's password; else import the CA certificates (keytool -importcert)"
                                : "import the CA certificates as trusted certificate entries (keytool -importcert)"));
            }
            return certificates;
        }
    }
}
