package io.mqttauth.x509;

import io.mqttauth.FailureReason;
import io.mqttauth.x509.Validation.Invalid;
import io.mqttauth.x509.Validation.Valid;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;
import jakarta.annotation.Nullable;

/**
 * Validates a presented chain: orders it from the leaf up to a trust anchor, runs the JDK's PKIX validator
 * (signatures, validity with the clock skew, basic constraints, CA key usage, path length, name constraints), checks
 * that the leaf may be used for TLS client authentication, and looks the path up in the CRLs. Every refusal names the
 * certificate with its subject, issuer, serial and validity. Thread-safe.
 */
final class ChainValidator {

    private static final System.Logger LOG = System.getLogger(ChainValidator.class.getName());

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    private static final String[] KEY_USAGES = {"digitalSignature", "nonRepudiation", "keyEncipherment",
        "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};
    private static final Map<String, String> EXTENDED_KEY_USAGES = Map.of(
            "1.3.6.1.5.5.7.3.1", "serverAuth", CLIENT_AUTH, "clientAuth", "1.3.6.1.5.5.7.3.3", "codeSigning",
            "1.3.6.1.5.5.7.3.4", "emailProtection", "1.3.6.1.5.5.7.3.8", "timeStamping",
            "1.3.6.1.5.5.7.3.9", "OCSPSigning", ANY_EXTENDED_KEY_USAGE, "anyExtendedKeyUsage");

    /** The JDK's factory and PKIX validator, one per thread: the API does not promise that they are thread-safe. */
    private static final ThreadLocal<CertificateFactory> FACTORY = ThreadLocal.withInitial(() -> instance(
            () -> CertificateFactory.getInstance("X.509")));
    private static final ThreadLocal<CertPathValidator> VALIDATOR = ThreadLocal.withInitial(() -> instance(
            () -> CertPathValidator.getInstance("PKIX")));

    private final Duration clockSkew;
    private final boolean rejectStaleCrls;
    private final UnaryOperator<String> fullKey;
    private final Set<Crls.Entry> staleWarned = ConcurrentHashMap.newKeySet();

    /**
     * @param clockSkew how far outside its validity a certificate is still accepted
     * @param rejectStaleCrls whether a certificate whose issuer's CRLs have all passed their next update is refused
     *     ({@link FailureReason#CERTIFICATE_REVOCATION_UNKNOWN}) rather than accepted with a warning
     * @param fullKey the full configuration key of a provider key, for messages
     */
    ChainValidator(Duration clockSkew, boolean rejectStaleCrls, UnaryOperator<String> fullKey) {
        this.clockSkew = clockSkew;
        this.rejectStaleCrls = rejectStaleCrls;
        this.fullKey = fullKey;
    }

    /**
     * Validates {@code presented} (leaf first, at least one certificate) at {@code now}.
     *
     * @throws RuntimeException only if a certificate object itself fails (a broken implementation); the caller refuses
     */
    Validation validate(List<X509Certificate> presented, TrustAnchors anchors, Crls crls, Instant now) {
        List<X509Certificate> path = order(presented, anchors);
        X509Certificate top = path.get(path.size() - 1);
        Set<TrustAnchor> candidates = anchors.withSubject(top.getIssuerX500Principal());
        if (candidates.isEmpty()) {
            return untrustedEnd(path);
        }
        TrustAnchor anchor;
        try {
            PKIXParameters parameters = new PKIXParameters(candidates);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(validationDate(path, now)));
            CertPath certPath = FACTORY.get().generateCertPath(path);
            anchor = ((PKIXCertPathValidatorResult) VALIDATOR.get().validate(certPath, parameters)).getTrustAnchor();
        } catch (CertPathValidatorException e) {
            return refusal(e, path, now);
        } catch (GeneralSecurityException e) {
            return new Invalid(FailureReason.CERTIFICATE_UNPARSEABLE, "the chain of " + describe(path.get(0))
                    + " cannot be validated (" + e.getMessage() + ")");
        }
        X509Certificate leaf = path.get(0);
        Invalid usage = keyUsage(leaf);
        if (usage != null) {
            return usage;
        }
        Instant expiresAt = path.stream().map(c -> c.getNotAfter().toInstant()).min(Instant::compareTo)
                .orElseThrow().plus(clockSkew);
        Revocation revocation = revocation(path, anchor, crls, now);
        if (revocation.refusal != null) {
            return revocation.refusal;
        }
        CertificateFacts facts;
        try {
            facts = CertificateFacts.of(leaf);
        } catch (IllegalArgumentException e) {
            return new Invalid(FailureReason.CERTIFICATE_UNPARSEABLE,
                    "the client certificate " + describe(leaf) + " cannot be read: " + e.getMessage());
        }
        // The names were read into the facts already: rendering them again would cost more than the rest.
        String leafText = describe(leaf, facts.dn(), facts.issuer());
        // The first intermediate's subject is the leaf's issuer, read into the facts already.
        String chain = path.size() == 1 ? "" : " via \"" + facts.issuer() + "\"" + path.subList(2, path.size())
                .stream().map(c -> ", \"" + Names.subjectOf(c) + "\"").collect(Collectors.joining());
        String detail = "certificate " + leafText + " chains to trust anchor \"" + anchors.nameOf(anchor) + "\""
                + chain + "; revocation: " + revocation.summary;
        Instant validUntil = revocation.validUntil.isBefore(expiresAt) ? revocation.validUntil : expiresAt;
        return new Valid(facts, leafText, expiresAt, detail, validUntil);
    }

    /**
     * The path from the leaf up: each next certificate is the presented one whose subject is the issuer of the one
     * before, until a certificate's issuer is a trust anchor, a certificate is self-issued, or no presented
     * certificate fits. Presented certificates that are not on the path (a copy of the root, strays) are left out.
     */
    private static List<X509Certificate> order(List<X509Certificate> presented, TrustAnchors anchors) {
        List<X509Certificate> path = new ArrayList<>();
        List<X509Certificate> rest = new ArrayList<>(presented.subList(1, presented.size()));
        X509Certificate current = presented.get(0);
        path.add(current);
        while (anchors.withSubject(current.getIssuerX500Principal()).isEmpty() && !selfIssued(current)) {
            X500Principal issuer = current.getIssuerX500Principal();
            X509Certificate next = null;
            for (X509Certificate c : rest) {
                if (c.getSubjectX500Principal().equals(issuer)) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            rest.remove(next);
            path.add(next);
            current = next;
        }
        return path;
    }

    private static boolean selfIssued(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }

    /** The refusal of a path whose top certificate's issuer is no trust anchor. */
    private Invalid untrustedEnd(List<X509Certificate> path) {
        X509Certificate top = path.get(path.size() - 1);
        String chain = path.size() == 1 ? "the chain" : "the chain of \"" + Names.subjectOf(path.get(0)) + "\"";
        if (selfIssued(top)) {
            return new Invalid(FailureReason.CERTIFICATE_UNTRUSTED, chain + " ends at the self-signed "
                    + describe(top) + ", which is not a trust anchor; to trust it, add it to "
                    + fullKey.apply("trust.path"));
        }
        String issuer = Names.issuerOf(top);
        return new Invalid(FailureReason.CERTIFICATE_UNTRUSTED, "intermediate missing or CA not trusted: " + chain
                + " ends at " + describe(top) + ", whose issuer \"" + issuer + "\" is not a trust anchor and was not "
                + "presented; if it is an intermediate CA, add it to the client's chain after the client "
                + "certificate; to trust it, add it to " + fullKey.apply("trust.path"));
    }

    /**
     * The date PKIX validates at: now, or, with a clock skew, the nearest instant at which every certificate of the
     * path is valid if that is within the skew of now.
     */
    private Instant validationDate(List<X509Certificate> path, Instant now) {
        if (clockSkew.isZero()) {
            return now;
        }
        Instant from = path.stream().map(c -> c.getNotBefore().toInstant()).max(Instant::compareTo).orElseThrow();
        Instant to = path.stream().map(c -> c.getNotAfter().toInstant()).min(Instant::compareTo).orElseThrow();
        if (from.isAfter(to)) {
            return now;
        }
        Instant date = now.isBefore(from) ? from : now.isAfter(to) ? to : now;
        return Duration.between(now, date).abs().compareTo(clockSkew) <= 0 ? date : now;
    }

    /** Maps what the JDK's PKIX validator found to a reason and a detail that names the certificate. */
    private Invalid refusal(CertPathValidatorException e, List<X509Certificate> path, Instant now) {
        int index = e.getIndex() >= 0 && e.getIndex() < path.size() ? e.getIndex() : path.size() - 1;
        X509Certificate c = path.get(index);
        String which = (index == 0 ? "the client certificate " : "the intermediate certificate ") + describe(c);
        String skew = "now " + now + ", " + fullKey.apply("clock-skew") + " " + clockSkew.toSeconds() + "s";
        CertPathValidatorException.Reason reason = e.getReason();
        if (reason == BasicReason.EXPIRED) {
            return new Invalid(FailureReason.CERTIFICATE_EXPIRED,
                    which + " expired at " + c.getNotAfter().toInstant() + " (" + skew + ")");
        }
        if (reason == BasicReason.NOT_YET_VALID) {
            return new Invalid(FailureReason.CERTIFICATE_NOT_YET_VALID,
                    which + " is not valid before " + c.getNotBefore().toInstant() + " (" + skew + ")",
                    c.getNotBefore().toInstant().minus(clockSkew));
        }
        if (reason == BasicReason.INVALID_SIGNATURE) {
            String signer = index + 1 < path.size()
                    ? "the presented certificate \"" + Names.subjectOf(path.get(index + 1)) + "\""
                    : "the trust anchor \"" + Names.issuerOf(c) + "\": a different CA with the same name issued it";
            return new Invalid(FailureReason.CERTIFICATE_UNTRUSTED,
                    "the signature of " + which + " does not verify with the key of " + signer);
        }
        if (reason == BasicReason.ALGORITHM_CONSTRAINED) {
            return new Invalid(FailureReason.CERTIFICATE_UNTRUSTED, which + " uses an algorithm or key size that the "
                    + "Java security policy (jdk.certpath.disabledAlgorithms) does not allow: " + e.getMessage());
        }
        if (reason == PKIXReason.NOT_CA_CERT) {
            return new Invalid(FailureReason.CERTIFICATE_UNTRUSTED, which + " issued "
                    + (index > 0 ? "\"" + Names.subjectOf(path.get(index - 1)) + "\"" : "a certificate")
                    + " but is not a CA certificate (basic constraints)");
        }
        if (reason == PKIXReason.PATH_TOO_LONG) {
            return new Invalid(FailureReason.CERTIFICATE_UNTRUSTED,
                    which + " exceeds the path length constraint of a CA above it (basic constraints)");
        }
        if (reason == PKIXReason.INVALID_KEY_USAGE) {
            return new Invalid(FailureReason.CERTIFICATE_KEY_USAGE,
                    which + " issued a certificate but its key usage does not allow signing certificates "
                            + "(keyCertSign)");
        }
        if (reason == PKIXReason.INVALID_NAME) {
            return new Invalid(FailureReason.CERTIFICATE_UNTRUSTED,
                    which + " violates the name constraints of a CA above it");
        }
        return new Invalid(FailureReason.CERTIFICATE_UNTRUSTED, which + " fails validation: " + e.getMessage());
    }

    /** Whether the leaf may authenticate a TLS client: digitalSignature if it has a key usage, clientAuth if an EKU. */
    private static @Nullable Invalid keyUsage(X509Certificate leaf) {
        boolean[] usage = leaf.getKeyUsage();
        if (usage != null && !(usage.length > 0 && usage[0])) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < usage.length && i < KEY_USAGES.length; i++) {
                if (usage[i]) {
                    names.add(KEY_USAGES[i]);
                }
            }
            return new Invalid(FailureReason.CERTIFICATE_KEY_USAGE, "the client certificate " + describe(leaf)
                    + " has key usage " + names + " without digitalSignature, which TLS client authentication needs");
        }
        List<String> extended;
        try {
            extended = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return new Invalid(FailureReason.CERTIFICATE_UNPARSEABLE, "the extended key usage of the client "
                    + "certificate " + describe(leaf) + " cannot be read (" + e.getMessage() + ")");
        }
        if (extended != null && !extended.contains(CLIENT_AUTH) && !extended.contains(ANY_EXTENDED_KEY_USAGE)) {
            return new Invalid(FailureReason.CERTIFICATE_KEY_USAGE, "the client certificate " + describe(leaf)
                    + " has extended key usage " + extended.stream().map(o -> EXTENDED_KEY_USAGES.getOrDefault(o, o))
                    .toList() + " without clientAuth");
        }
        return null;
    }

    /**
     * What the CRLs say about a path.
     *
     * @param refusal a refusal (revoked, or status unknown), or {@code null}
     * @param summary what was checked, for the success detail
     * @param validUntil when the answer may change because a CRL passes its next update
     */
    private record Revocation(@Nullable Invalid refusal, String summary, Instant validUntil) {
    }

    /**
     * Looks every certificate of the path up in the CRLs of its issuer, from the top down. Only CRLs whose signature
     * verifies with the issuer's key (and whose issuer, if it has a key usage, may sign CRLs) count. A certificate
     * listed by any of them is revoked; if all of them have passed their next update, its status is unknown. An
     * issuer without a CRL is not checked.
     */
    private Revocation revocation(List<X509Certificate> path, TrustAnchor anchor, Crls crls, Instant now) {
        if (crls.all().isEmpty()) {
            return new Revocation(null, "not checked (no CRLs configured)", Instant.MAX);
        }
        List<String> checked = new ArrayList<>();
        List<String> unchecked = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        Instant validUntil = Instant.MAX;
        for (int i = path.size() - 1; i >= 0; i--) {
            X509Certificate c = path.get(i);
            X509Certificate issuer = i + 1 < path.size() ? path.get(i + 1) : anchor.getTrustedCert();
            List<Crls.Entry> usable = new ArrayList<>();
            for (Crls.Entry e : crls.issuedBy(c.getIssuerX500Principal())) {
                if (signedBy(e, issuer)) {
                    usable.add(e);
                }
            }
            String which = (i == 0 ? "the client certificate " : "the intermediate certificate ") + describe(c);
            if (usable.isEmpty()) {
                unchecked.add("\"" + Names.issuerOf(c) + "\"");
                continue;
            }
            for (Crls.Entry e : usable) {
                X509CRLEntry revoked = e.crl().getRevokedCertificate(c);
                if (revoked != null) {
                    return new Revocation(new Invalid(FailureReason.CERTIFICATE_REVOKED, which + " was revoked at "
                            + revoked.getRevocationDate().toInstant()
                            + (revoked.getRevocationReason() == null ? "" : " (" + revoked.getRevocationReason() + ")")
                            + " according to " + e.describe()), "", Instant.MAX);
                }
            }
            Instant freshUntil = null;
            for (Crls.Entry e : usable) {
                if (!e.isStale(now)) {
                    Instant next = e.nextUpdate() == null ? Instant.MAX : e.nextUpdate();
                    freshUntil = freshUntil == null || next.isAfter(freshUntil) ? next : freshUntil;
                }
            }
            if (freshUntil == null) {
                Crls.Entry newest = usable.get(usable.size() - 1);
                if (rejectStaleCrls) {
                    return new Revocation(new Invalid(FailureReason.CERTIFICATE_REVOCATION_UNKNOWN,
                            "the revocation status of " + which + " is unknown: " + newest.describe()
                                    + " has passed its next update; " + fullKey.apply("crl.expired") + " = reject"),
                            "", Instant.MAX);
                }
                if (staleWarned.add(newest)) {
                    LOG.log(System.Logger.Level.WARNING, "{0} has passed its next update; accepting certificates it "
                            + "covers ({1} = warn)", newest.describe(), fullKey.apply("crl.expired"));
                }
                stale.add("\"" + Names.issuerOf(c) + "\"");
            } else {
                checked.add("\"" + Names.issuerOf(c) + "\"");
                validUntil = freshUntil.isBefore(validUntil) ? freshUntil : validUntil;
            }
        }
        List<String> parts = new ArrayList<>();
        if (!checked.isEmpty()) {
            parts.add("not revoked according to the CRLs of " + String.join(", ", checked));
        }
        if (!stale.isEmpty()) {
            parts.add("WARNING: not revoked according to CRLs past their next update of " + String.join(", ", stale)
                    + " (" + fullKey.apply("crl.expired") + " = warn)");
        }
        if (!unchecked.isEmpty()) {
            parts.add("not checked for certificates of " + String.join(", ", unchecked) + " (no CRL)");
        }
        return new Revocation(null, String.join("; ", parts), validUntil);
    }

    private interface Lookup<T> {
        T get() throws GeneralSecurityException;
    }

    private static <T> T instance(Lookup<T> lookup) {
        try {
            return lookup.get();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X.509 certificates and PKIX validation are required of every Java platform",
                    e);
        }
    }

    /** Whether the CRL's signature verifies with the issuer's key, and the issuer may sign CRLs. */
    private static boolean signedBy(Crls.Entry entry, X509Certificate issuer) {
        boolean[] usage = issuer.getKeyUsage();
        if (usage != null && !(usage.length > 6 && usage[6])) {
            return false;
        }
        PublicKey key = issuer.getPublicKey();
        try {
            entry.crl().verify(key);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** A certificate for operators: subject, issuer, serial (hex) and validity. Never throws. */
    static String describe(X509Certificate c) {
        return describe(c, Names.subjectOf(c), Names.issuerOf(c));
    }

    private static String describe(X509Certificate c, String subject, String issuer) {
        return "\"" + subject + "\" (issuer \"" + issuer + "\", serial " + c.getSerialNumber().toString(16)
                + ", valid " + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant() + ")";
    }
}
