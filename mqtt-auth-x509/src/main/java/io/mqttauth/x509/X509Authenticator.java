package io.mqttauth.x509;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.Authenticator;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.TlsFacts;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.WatchedFile;
import io.mqttauth.spi.WatchedFiles;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jakarta.annotation.Nullable;

/**
 * The {@code x509} authenticator: takes the client's chain from the connection's TLS facts, validates it (cached),
 * picks the identity field, maps it, and optionally checks it against the user name or client id.
 *
 * <ul>
 *   <li>No TLS, or TLS without a client certificate: abstains with {@link FailureReason#NO_CLIENT_CERTIFICATE}, so a
 *       later authenticator (a password file) may still accept the client.
 *   <li>Otherwise it decides: success, or a refusal whose detail names the certificate.
 * </ul>
 */
final class X509Authenticator implements Provider, Authenticator {

    private static final System.Logger LOG = System.getLogger(X509Authenticator.class.getName());

    private final ProviderContext context;
    private final Clock clock;
    private final WatchedFiles<TrustAnchors> anchors;
    private final @Nullable WatchedFiles<Crls> crls;
    private final @Nullable WatchedFile<NameMap> nameMap;
    private final ChainValidator validator;
    private final @Nullable ValidationCache cache;
    private final IdentitySource identity;
    private final UsernameMatch usernameMatch;

    /** The parts, configured by {@link X509ProviderFactory}; the files are loaded already. */
    X509Authenticator(ProviderContext context, WatchedFiles<TrustAnchors> anchors, @Nullable WatchedFiles<Crls> crls,
            @Nullable WatchedFile<NameMap> nameMap, ChainValidator validator, @Nullable ValidationCache cache,
            IdentitySource identity, UsernameMatch usernameMatch) {
        this.context = context;
        this.clock = context.clock();
        this.anchors = anchors;
        this.crls = crls;
        this.nameMap = nameMap;
        this.validator = validator;
        this.cache = cache;
        this.identity = identity;
        this.usernameMatch = usernameMatch;
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return Optional.of(this);
    }

    /** Validation costs signature checks, as much as hashing a password: brokers call it off their I/O threads. */
    @Override
    public boolean mayBlock() {
        return true;
    }

    @Override
    public AuthenticationResult authenticate(ConnectRequest request) {
        try {
            return decide(request);
        } catch (RuntimeException e) {
            // A certificate object that fails in the JDK or in Bouncy Castle is the client's problem, not a crash.
            LOG.log(System.Logger.Level.WARNING, context.name() + ": a certificate chain could not be processed", e);
            return AuthenticationResult.refuse(FailureReason.CERTIFICATE_UNPARSEABLE,
                    "the certificate chain cannot be processed (" + e.getClass().getName() + ")");
        }
    }

    private AuthenticationResult decide(ConnectRequest request) {
        if (request.tls().isEmpty()) {
            return AuthenticationResult.notApplicable(FailureReason.NO_CLIENT_CERTIFICATE,
                    "the connection is not TLS, so there is no client certificate");
        }
        Optional<X509Chains.Parsed> parsed = chainOf(request.tls().get());
        if (parsed.isEmpty()) {
            return AuthenticationResult.notApplicable(FailureReason.NO_CLIENT_CERTIFICATE,
                    "the TLS connection has no client certificate");
        }
        if (parsed.get() instanceof X509Chains.Refused r) {
            return AuthenticationResult.refuse(r.reason(), r.detail());
        }
        List<X509Certificate> chain = ((X509Chains.Chain) parsed.get()).certificates();
        Instant now = clock.instant();
        TrustAnchors trusted = anchors.current();
        Crls revocations = crls == null ? Crls.NONE : crls.current();
        Validation validation = null;
        ValidationCache.Key key = null;
        if (cache != null) {
            key = ValidationCache.Key.of(chain);
            validation = cache.get(key, trusted, revocations);
        }
        boolean cached = validation != null;
        if (validation == null) {
            validation = validator.validate(chain, trusted, revocations, now);
            if (cache != null) {
                cache.put(key, validation, trusted, revocations);
            }
        }
        String suffix = cached ? " (cached validation)" : "";
        if (validation instanceof Validation.Invalid invalid) {
            return AuthenticationResult.refuse(invalid.reason(), invalid.detail() + suffix);
        }
        Validation.Valid valid = (Validation.Valid) validation;
        return identify(request, valid, valid.detail() + suffix);
    }

    /**
     * The client's chain as the TLS facts give it, or empty when there is none: the chain of the TLS layer, else the
     * text a TLS-terminating proxy forwarded, read with {@link X509Chains#parse} (which says when that text is empty
     * or unparseable).
     */
    Optional<X509Chains.Parsed> chainOf(TlsFacts tls) {
        if (!tls.peerCertificates().isEmpty()) {
            return Optional.of(new X509Chains.Chain(tls.peerCertificates()));
        }
        return tls.peerCertificatesPem().map(X509Chains::parse);
    }

    private AuthenticationResult identify(ConnectRequest request, Validation.Valid valid, String detail) {
        CertificateFacts facts = valid.facts();
        String certificate = "the client certificate " + valid.certificate();
        String value = identity.value(facts);
        if (value == null) {
            return AuthenticationResult.refuse(identity.reason(), certificate + " has " + identity.missing() + " ("
                    + context.fullKey("identity") + " = " + identity.key() + ")");
        }
        String name = value;
        String how = "identity \"" + value + "\" from " + identity.key();
        if (nameMap != null) {
            NameMap map = nameMap.current();
            Optional<NameMap.Mapped> mapped = map.map(value);
            if (mapped.isEmpty()) {
                return AuthenticationResult.refuse(FailureReason.CERTIFICATE_NO_MAPPING, "no rule in " + map.file()
                        + " matches " + identity.key() + " \"" + value + "\" of " + certificate);
            }
            if (mapped.get().name().isEmpty()) {
                return AuthenticationResult.refuse(FailureReason.CERTIFICATE_NO_MAPPING, map.file() + ":"
                        + mapped.get().line() + " maps " + identity.key() + " \"" + value + "\" of " + certificate
                        + " to an empty name");
            }
            name = mapped.get().name();
            how = "identity \"" + name + "\" mapped from " + identity.key() + " \"" + value + "\" by "
                    + map.file().getFileName() + ":" + mapped.get().line();
        }
        String mismatch = usernameMatch.mismatch(request, name);
        if (mismatch != null) {
            return AuthenticationResult.refuse(FailureReason.CERTIFICATE_NAME_MISMATCH, mismatch + " ("
                    + context.fullKey("username-match") + " = " + usernameMatch.key() + "); " + certificate);
        }
        Identity.Builder b = Identity.builder(name, request)
                .attribute(Identity.CERT_DN, facts.dn())
                .attribute(Identity.CERT_ISSUER, facts.issuer())
                .attribute(Identity.CERT_SERIAL, facts.serial())
                .attribute(Identity.CERT_FINGERPRINT, facts.fingerprint())
                .expiresAt(valid.expiresAt());
        if (facts.cn() != null) {
            b.attribute(Identity.CERT_CN, facts.cn());
        }
        return AuthenticationResult.success(b.build(), how + "; " + detail);
    }

    @Override
    public List<ConfigurationProblem> reload() {
        List<ConfigurationProblem> problems = new ArrayList<>(anchors.reload());
        if (crls != null) {
            problems.addAll(crls.reload());
        }
        if (nameMap != null) {
            problems.addAll(nameMap.reload());
        }
        return problems;
    }

    /** The problems of failed reloads, and every CRL that has passed its next update. */
    @Override
    public List<ConfigurationProblem> problems() {
        List<ConfigurationProblem> problems = new ArrayList<>(anchors.problems());
        if (crls != null) {
            problems.addAll(crls.problems());
            problems.addAll(crls.current().staleProblems(clock.instant(), context.fullKey("crl.path")));
        }
        if (nameMap != null) {
            problems.addAll(nameMap.problems());
        }
        return problems;
    }

    @Override
    public void close() {
        anchors.close();
        if (crls != null) {
            crls.close();
        }
        if (nameMap != null) {
            nameMap.close();
        }
    }
}
