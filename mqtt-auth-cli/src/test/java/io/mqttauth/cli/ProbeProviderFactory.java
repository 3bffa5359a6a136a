package io.mqttauth.cli;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.Authenticator;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ProviderFactory;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A test-only provider named {@code probe} that shows what the CLI handed to the engine: it accepts a password equal
 * to the bytes of {@code probe.password-hex} (so raw password bytes can be checked exactly), and accepts any
 * certificate chain, naming its subjects in order in the detail (so PEM order can be checked).
 */
public final class ProbeProviderFactory implements ProviderFactory {

    @Override
    public String name() {
        return "probe";
    }

    @Override
    public Set<String> keys() {
        return Set.of("password-hex");
    }

    @Override
    public Provider create(ProviderContext context) {
        byte[] expected = HexFormat.of().parseHex(context.require("password-hex", "write the password as hex"));
        Authenticator authenticator = request -> decide(request, expected);
        return new Provider() {
            @Override
            public Optional<Authenticator> authenticator() {
                return Optional.of(authenticator);
            }
        };
    }

    private static AuthenticationResult decide(ConnectRequest request, byte[] expected) {
        if (request.tls().isPresent() && request.tls().get().hasPeerCertificate()) {
            String chain = request.tls().get().peerCertificates().stream()
                    .map(X509Certificate::getSubjectX500Principal)
                    .map(Object::toString)
                    .collect(Collectors.joining(" <- "));
            return AuthenticationResult.success(Identity.builder("cert", request).build(), "chain: " + chain);
        }
        Optional<byte[]> password = request.password();
        if (password.isEmpty() || request.username().isEmpty()) {
            return AuthenticationResult.notApplicable("no user name and password");
        }
        if (MessageDigest.isEqual(password.get(), expected)) {
            return AuthenticationResult.success(Identity.builder(request.username().get(), request).build(),
                    "password matches");
        }
        return AuthenticationResult.refuse(FailureReason.PASSWORD_MISMATCH,
                "the password (" + password.get().length + " bytes) differs");
    }
}
