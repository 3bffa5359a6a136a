package io.mqttauth.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.FailureReason;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.WatchedFile;
import jakarta.annotation.Nullable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every key source of the provider, and the choice of the keys that verify one token.
 *
 * <p>The algorithm allow-list is {@code jwt.algorithms} when set; otherwise what the configured keys can verify (each
 * local key by its type, curve, size and JWK {@code alg}; a JWKS URL any RSA or EC algorithm, its keys being unknown
 * in advance). A token's key is chosen by its {@code kid}: keys with that kid first (a JWKS URL is asked only when no
 * local key has it), then keys without a kid (a PEM key, the HMAC secret, JWKs without kid); a token without a kid
 * may be verified by any key. A key is only used with the algorithms it allows, so an HMAC token is never checked
 * against a public key and a JWK whose {@code kty} or {@code alg} contradicts the header is never used. Keys named or
 * embedded in the token's header ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}) are ignored.
 */
final class Keys implements AutoCloseable {

    private static final int MAX_LISTED = 3;

    private final List<WatchedFile<KeySet>> local;
    private final @Nullable RemoteKeys remote;
    private final @Nullable Set<JWSAlgorithm> explicit;

    /**
     * Reads the local key files (failing fast on any problem) and starts fetching the JWKS URL.
     *
     * @throws ConfigurationException if a file is missing or broken, or verifies none of the allowed algorithms
     */
    Keys(JwtSettings settings, ProviderContext context) {
        this.explicit = settings.algorithms();
        List<WatchedFile<KeySet>> files = new ArrayList<>();
        try {
            add(files, context, settings, "jwks.path", settings.jwksPath(), KeyFiles::jwks);
            add(files, context, settings, "public-key.path", settings.publicKeyPath(), KeyFiles::pem);
            JWSAlgorithm hmac = settings.strongestHmac();
            add(files, context, settings, "hmac.secret-path", settings.hmacSecretPath(),
                    (file, content) -> KeyFiles.hmacSecret(file, content, Algorithms.hmacSecretBytes(hmac), hmac));
        } catch (RuntimeException e) {
            files.forEach(WatchedFile::close);
            throw e;
        }
        this.local = List.copyOf(files);
        this.remote = settings.jwksUrl() == null ? null
                : new RemoteKeys(settings.jwksUrl(), context.fullKey("jwks.url"), settings.jwks());
    }

    private void add(List<WatchedFile<KeySet>> files, ProviderContext context, JwtSettings settings, String key,
            @Nullable Path path, WatchedFile.Parser<KeySet> parser) {
        if (path == null) {
            return;
        }
        String fullKey = context.fullKey(key);
        WatchedFile.Parser<KeySet> checked = (file, content) -> {
            KeySet keys = parser.parse(file, content);
            if (explicit != null && keys.algorithms().stream().noneMatch(explicit::contains)) {
                throw new ConfigurationException(new ConfigurationProblem(file, 0, fullKey, "its keys verify "
                        + Algorithms.names(keys.algorithms()) + ", none of which " + context.fullKey("algorithms")
                        + " allows", "add their algorithm to " + context.fullKey("algorithms")
                        + ", or remove " + fullKey));
            }
            return keys;
        };
        files.add(WatchedFile.load(path, checked, settings.reload(), context));
    }

    /** Whether tokens signed with {@code alg} are accepted at all. */
    boolean allowed(JWSAlgorithm alg) {
        if (explicit != null) {
            return explicit.contains(alg);
        }
        if (remote != null && Algorithms.ASYMMETRIC.contains(alg)) {
            return true;
        }
        for (WatchedFile<KeySet> file : local) {
            if (file.current().algorithms().contains(alg)) {
                return true;
            }
        }
        return false;
    }

    /** The allow-list in force, for messages. */
    String allowedNames() {
        Set<JWSAlgorithm> all = Algorithms.union(Algorithms.ASYMMETRIC, Algorithms.HMAC);
        String names = Algorithms.names(all.stream().filter(this::allowed).collect(Collectors.toSet()));
        return names.isEmpty() ? "none" : names;
    }

    /**
     * The key that verifies the signature.
     *
     * @throws Refusal {@link FailureReason#TOKEN_KEYS_UNAVAILABLE} if the key may be at the JWKS URL and it has no
     *     usable keys; {@link FailureReason#TOKEN_ALGORITHM_NOT_ALLOWED} if the keys with the token's kid do not allow
     *     its algorithm; {@link FailureReason#TOKEN_BAD_SIGNATURE} if no suitable key verifies it;
     *     {@link FailureReason#TOKEN_UNKNOWN_KEY} if there is no suitable key
     */
    VerificationKey verify(JWSAlgorithm alg, @Nullable String kid, byte[] signingInput, byte[] signature)
            throws Refusal {
        Candidates candidates = new Candidates(alg, kid);
        for (WatchedFile<KeySet> file : local) {
            candidates.sort(file.current().keys());
        }
        VerificationKey verified = candidates.verify(signingInput, signature);
        if (verified != null) {
            return verified;
        }
        String unavailable = null;
        String note = null;
        // The JWKS URL is asked only when no local key has the token's kid, and only after the local keys failed.
        if (remote != null && Algorithms.ASYMMETRIC.contains(alg) && (kid == null || candidates.withKid.isEmpty())) {
            RemoteKeys.Lookup lookup = remote.find(kid);
            if (lookup instanceof RemoteKeys.Found found) {
                candidates.sort(found.keys());
                note = found.note();
                verified = candidates.verify(signingInput, signature);
                if (verified != null) {
                    return verified;
                }
                unavailable = found.unavailable();
            } else {
                unavailable = ((RemoteKeys.Unavailable) lookup).why();
            }
        }
        throw candidates.refusal(unavailable, note, sources());
    }

    /** The keys a token may name, split by kid, and what trying them found. */
    private static final class Candidates {
        private final JWSAlgorithm alg;
        private final @Nullable String kid;
        /** Keys with the token's kid (none if the token has no kid). */
        final List<VerificationKey> withKid = new ArrayList<>();
        private final List<VerificationKey> fresh = new ArrayList<>();
        private final List<VerificationKey> tried = new ArrayList<>();
        private final List<VerificationKey> contradicting = new ArrayList<>();

        Candidates(JWSAlgorithm alg, @Nullable String kid) {
            this.alg = alg;
            this.kid = kid;
        }

        /** Adds the keys the token may name: those with its kid first, then those without a kid. */
        void sort(List<VerificationKey> keys) {
            if (kid != null) {
                for (VerificationKey key : keys) {
                    if (kid.equals(key.kid())) {
                        withKid.add(key);
                        fresh.add(key);
                        if (!key.allows(alg)) {
                            contradicting.add(key);
                        }
                    }
                }
            }
            for (VerificationKey key : keys) {
                if (kid == null || key.kid() == null) {
                    fresh.add(key);
                }
            }
        }

        /** Tries the keys added since the last call that allow the algorithm; the first that verifies, or null. */
        @Nullable VerificationKey verify(byte[] signingInput, byte[] signature) {
            try {
                for (VerificationKey key : fresh) {
                    if (key.allows(alg)) {
                        tried.add(key);
                        if (key.verify(alg, signingInput, signature)) {
                            return key;
                        }
                    }
                }
                return null;
            } finally {
                fresh.clear();
            }
        }

        /** Why no key verified the token. */
        Refusal refusal(@Nullable String unavailable, @Nullable String note, String sources) {
            if (unavailable != null) {
                return new Refusal(FailureReason.TOKEN_KEYS_UNAVAILABLE, unavailable + (tried.isEmpty() ? ""
                        : "; the other keys (" + list(tried) + ") do not verify the signature"));
            }
            if (!contradicting.isEmpty() && contradicting.size() == withKid.size()) {
                VerificationKey k = contradicting.get(0);
                return new Refusal(FailureReason.TOKEN_ALGORITHM_NOT_ALLOWED, "the token is signed with "
                        + alg.getName() + ", which " + k.description() + " (" + k.limits() + ") does not allow"
                        + (tried.isEmpty() ? "" : "; the keys without kid (" + list(tried)
                                + ") do not verify it either"));
            }
            if (!tried.isEmpty()) {
                return new Refusal(FailureReason.TOKEN_BAD_SIGNATURE, "the " + alg.getName()
                        + " signature does not verify with " + list(tried));
            }
            return new Refusal(FailureReason.TOKEN_UNKNOWN_KEY, (kid == null
                    ? "no configured key can verify " + alg.getName()
                    : "no key has kid " + Text.quote(kid) + ", and no key without kid can verify " + alg.getName())
                    + " (keys " + sources + ")" + (note == null ? "" : "; " + note));
        }
    }

    private static String list(List<VerificationKey> keys) {
        String listed = keys.stream().limit(MAX_LISTED).map(VerificationKey::description)
                .collect(Collectors.joining(", "));
        return keys.size() > MAX_LISTED ? listed + " and " + (keys.size() - MAX_LISTED) + " more" : listed;
    }

    private String sources() {
        List<String> sources = new ArrayList<>();
        local.forEach(f -> sources.add("in " + f.path().getFileName()));
        if (remote != null) {
            sources.add(remote.where());
        }
        return String.join(", ", sources);
    }

    /** Re-reads the local key files. */
    List<ConfigurationProblem> reload() {
        List<ConfigurationProblem> problems = new ArrayList<>();
        local.forEach(f -> problems.addAll(f.reload()));
        return problems;
    }

    /** The problems of failed reloads and of the JWKS URL. */
    List<ConfigurationProblem> problems() {
        List<ConfigurationProblem> problems = new ArrayList<>();
        local.forEach(f -> problems.addAll(f.problems()));
        if (remote != null) {
            problems.addAll(remote.problems());
        }
        return problems;
    }

    @Override
    public void close() {
        local.forEach(WatchedFile::close);
        if (remote != null) {
            remote.close();
        }
    }
}
