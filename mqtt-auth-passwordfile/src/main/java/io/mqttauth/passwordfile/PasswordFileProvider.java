package io.mqttauth.passwordfile;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.Authenticator;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.SafeText;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ReloadPolicy;
import io.mqttauth.spi.WatchedFile;
import jakarta.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * The password-file authenticator: a known user with the right password is accepted, a wrong password is
 * {@link FailureReason#PASSWORD_MISMATCH}, a known user without a password is {@link FailureReason#NO_PASSWORD} (the
 * request already counts an empty password as none, as Mosquitto does), and an unknown user makes it abstain with
 * {@link FailureReason#NO_CREDENTIALS_FOUND} so that a later authenticator may know the user. Verifying an unknown
 * user's password costs the same hash work as a known user's (a stand-in entry with the format and work factor of one
 * of the file's settings, the same for every attempt with that name, settings spread over names as over the users; see
 * {@link PasswordTable#standInFor}), and hashes are compared in constant time.
 */
final class PasswordFileProvider implements Provider, Authenticator {

    private final WatchedFile<PasswordTable> file;
    private final Kdf kdf;
    private final @Nullable VerificationCache<PasswordTable.Entry> cache;

    PasswordFileProvider(Path path, boolean allowPlaintext, WorkLimits limits, ReloadPolicy reload,
            @Nullable VerificationCache<PasswordTable.Entry> cache, ProviderContext context, Kdf kdf) {
        this.kdf = kdf;
        this.cache = cache;
        this.file = WatchedFile.load(path,
                (p, content) -> new PasswordFileParser(allowPlaintext, limits).parse(p, content),
                reload, context, (previous, current) -> {
                    if (cache != null) {
                        // Checks of users whose credential changed or who are gone no longer count.
                        cache.removeIf((username, checked) -> {
                            PasswordTable.Entry now = current.find(username.getBytes(StandardCharsets.UTF_8));
                            return now == null || !now.sameCredential(checked);
                        });
                    }
                });
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return Optional.of(this);
    }

    @Override
    public AuthenticationResult authenticate(ConnectRequest request) {
        Optional<String> sent = request.username();
        if (sent.isEmpty()) {
            return AuthenticationResult.notApplicable("no user name sent");
        }
        String username = sent.get();
        if (!isWellFormed(username)) {
            return AuthenticationResult.refuse(FailureReason.MALFORMED_CREDENTIALS,
                    "the user name contains an unpaired surrogate, so it is not UTF-8");
        }
        PasswordTable table = file.current();
        String fileName = table.fileName();
        byte[] name = username.getBytes(StandardCharsets.UTF_8);
        PasswordTable.Entry entry = table.find(name);
        byte[] password = request.password().orElse(null);
        try {
            if (entry == null) {
                PasswordTable.Entry standIn = password == null ? null : table.standInFor(name);
                if (standIn != null) {
                    matches(standIn, password);
                }
                return AuthenticationResult.unknown(FailureReason.NO_CREDENTIALS_FOUND,
                        "user " + SafeText.quote(username) + " is not in " + fileName);
            }
            String found = "user " + SafeText.quote(username) + " found (" + fileName + " line " + entry.line() + ", "
                    + entry.params().describe() + ")";
            if (password == null) {
                return AuthenticationResult.refuse(FailureReason.NO_PASSWORD, found + "; no password sent");
            }
            if (cache != null && cache.verified(username, password, entry)) {
                return success(request, username, found + "; password matches (cached verification)");
            }
            if (matches(entry, password)) {
                if (cache != null) {
                    cache.put(username, password, entry);
                }
                return success(request, username, found + "; password matches");
            }
            return AuthenticationResult.refuse(FailureReason.PASSWORD_MISMATCH, found + "; password does not match");
        } finally {
            ConnectRequest.clear(password);
        }
    }

    private static AuthenticationResult success(ConnectRequest request, String username, String detail) {
        return AuthenticationResult.success(Identity.builder(username, request).build(), detail);
    }

    private boolean matches(PasswordTable.Entry entry, byte[] password) {
        byte[] computed = kdf.derive(entry.params(), password, entry.salt(), entry.hash().length);
        try {
            return MessageDigest.isEqual(computed, entry.hash());
        } finally {
            ConnectRequest.clear(computed);
        }
    }

    private static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLowSurrogate(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    @Override
    public List<ConfigurationProblem> reload() {
        return file.reload();
    }

    @Override
    public List<ConfigurationProblem> problems() {
        return file.problems();
    }

    @Override
    public void close() {
        file.close();
    }
}
