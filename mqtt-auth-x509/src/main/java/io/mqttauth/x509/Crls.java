package io.mqttauth.x509;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import jakarta.annotation.Nullable;

/** The CRLs in force, from the files of {@code x509.crl.path}, indexed by issuer. Immutable. */
final class Crls {

    /** No CRLs: revocation is not checked. */
    static final Crls NONE = new Crls(List.of());

    /**
     * One CRL and where it came from.
     *
     * @param crl the CRL
     * @param file the file it was read from
     * @param issuer its issuer, RFC 4514
     */
    record Entry(X509CRL crl, Path file, String issuer) {
        /** When the next CRL is due, or {@code null} if the CRL does not say. */
        @Nullable Instant nextUpdate() {
            return crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant();
        }

        /** Whether the CRL has passed its next update at {@code now}. */
        boolean isStale(Instant now) {
            Instant next = nextUpdate();
            return next != null && now.isAfter(next);
        }

        /** Names the CRL for operators: issuer, file, this and next update. */
        String describe() {
            return "the CRL of \"" + issuer + "\" in " + file.getFileName() + " (this update "
                    + crl.getThisUpdate().toInstant() + ", next update "
                    + (nextUpdate() == null ? "not given" : nextUpdate()) + ")";
        }
    }

    private final List<Entry> all;
    private final Map<X500Principal, List<Entry>> byIssuer;

    private Crls(List<Entry> all) {
        this.all = List.copyOf(all);
        Map<X500Principal, List<Entry>> index = new HashMap<>();
        for (Entry e : all) {
            index.computeIfAbsent(e.crl().getIssuerX500Principal(), k -> new ArrayList<>()).add(e);
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        this.byIssuer = Map.copyOf(index);
    }

    /** The CRLs whose issuer is {@code issuer}, in file order; empty if none. */
    List<Entry> issuedBy(X500Principal issuer) {
        return byIssuer.getOrDefault(issuer, List.of());
    }

    /** Every CRL, in file order. */
    List<Entry> all() {
        return all;
    }

    /** A problem for every CRL that has passed its next update at {@code now}. */
    List<ConfigurationProblem> staleProblems(Instant now, String key) {
        List<ConfigurationProblem> problems = new ArrayList<>();
        for (Entry e : all) {
            if (e.isStale(now)) {
                problems.add(new ConfigurationProblem(e.file(), 0, key, "the CRL of \"" + e.issuer()
                        + "\" has passed its next update (" + e.nextUpdate() + ")",
                        "install a fresh CRL from the certificate authority"));
            }
        }
        return problems;
    }

    /**
     * Reads every CRL of the files, PEM or DER.
     *
     * @throws ConfigurationException naming every file (and CRL) that cannot be read
     */
    static Crls parse(Map<Path, byte[]> contents) {
        List<Entry> entries = new ArrayList<>();
        List<ConfigurationProblem> problems = new ArrayList<>();
        for (Map.Entry<Path, byte[]> e : contents.entrySet()) {
            Path file = e.getKey();
            try {
                List<X509CRL> crls = Pem.crls(e.getValue());
                if (crls.isEmpty()) {
                    problems.add(ConfigurationProblem.atLine(file, 0, "holds no CRL",
                            "put the CRL (PEM -----BEGIN X509 CRL----- or DER) of the certificate authority in it"));
                }
                for (X509CRL crl : crls) {
                    entries.add(new Entry(crl, file, Names.describe(crl.getIssuerX500Principal())));
                }
            } catch (PemException x) {
                problems.add(ConfigurationProblem.atLine(file, 0, x.getMessage(),
                        "replace it with the CRL as the certificate authority publishes it (PEM or DER)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new Crls(entries);
    }
}
