package io.mqttauth.passwordfile;

import static io.mqttauth.passwordfile.Fixtures.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.ConnectRequest;
import io.mqttauth.Decision;
import io.mqttauth.FailureReason;
import io.mqttauth.MqttAuth;
import io.mqttauth.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the authenticator decides, alone and in the engine's chain. */
class PasswordFileDecisionTest {

    @TempDir
    Path dir;

    private PasswordFileProvider conformance(Kdf kdf) {
        return Fixtures.provider(Fixtures.write(dir, "passwd", Fixtures.resource("mosquitto-2.0.11/passwd")), kdf);
    }

    @Test
    void unknownUserAbstainsWithNoCredentialsFound() {
        try (PasswordFileProvider p = conformance(DefaultKdf.INSTANCE)) {
            AuthenticationResult r = p.authenticate(connect("nobody", "x"));
            assertThat(r).isEqualTo(AuthenticationResult.unknown(FailureReason.NO_CREDENTIALS_FOUND,
                    "user \"nobody\" is not in passwd"));
        }
    }

    @Test
    void knownUserWithoutPasswordIsNoPassword() {
        try (PasswordFileProvider p = conformance(DefaultKdf.INSTANCE)) {
            AuthenticationResult none = p.authenticate(connect("zoe", (byte[]) null));
            assertThat(none).isEqualTo(AuthenticationResult.refuse(FailureReason.NO_PASSWORD,
                    "user \"zoe\" found (passwd line 1, $7$ PBKDF2-SHA512, 101 iterations); no password sent"));
        }
    }

    @Test
    void emptyPasswordCountsAsNoPasswordAsInMosquitto() {
        RecordingKdf kdf = new RecordingKdf();
        try (PasswordFileProvider p = conformance(kdf)) {
            AuthenticationResult empty = p.authenticate(connect("zoe", new byte[0]));
            assertThat(((AuthenticationResult.Refusal) empty).reason()).isEqualTo(FailureReason.NO_PASSWORD);
            assertThat(empty.detail()).endsWith("; no password sent");
            assertThat(kdf.calls).isEmpty();
        }
    }

    @Test
    void noUserNameIsNotThisProvidersKind() {
        try (PasswordFileProvider p = conformance(DefaultKdf.INSTANCE)) {
            AuthenticationResult r = p.authenticate(ConnectRequest.builder("c").mqttVersion(MqttVersion.V5).build());
            assertThat(r).isEqualTo(AuthenticationResult.notApplicable("no user name sent"));
        }
    }

    @Test
    void unpairedSurrogateInUserNameIsMalformedNotAnException() {
        try (PasswordFileProvider p = conformance(DefaultKdf.INSTANCE)) {
            AuthenticationResult r = p.authenticate(connect("zoe\uD800", "zoe-pw"));
            assertThat(((AuthenticationResult.Refusal) r).reason()).isEqualTo(FailureReason.MALFORMED_CREDENTIALS);
        }
    }

    @Test
    void binaryPasswordThatIsNotUtf8IsVerifiedAsBytes() {
        byte[] binary = {(byte) 0xFF, 0x00, (byte) 0xC3, 0x28, 'a'};
        Path file = Fixtures.write(dir, "passwd", "bin:" + PasswordHashes.hash(HashAlgorithm.SHA512_PBKDF2, binary,
                101) + "\n");
        try (PasswordFileProvider p = Fixtures.provider(file, DefaultKdf.INSTANCE)) {
            assertThat(Fixtures.accepted(p.authenticate(connect("bin", binary)))).isTrue();
            assertThat(Fixtures.accepted(p.authenticate(connect("bin", new byte[] {(byte) 0xFF})))).isFalse();
        }
    }

    @Test
    void passwordWithEmbeddedNulIsNotTruncatedUnlikeMosquitto() {
        Path file = Fixtures.write(dir, "passwd", "nul:" + PasswordHashes.hash(HashAlgorithm.SHA512_PBKDF2,
                "abc".getBytes(StandardCharsets.UTF_8), 101) + "\n");
        try (PasswordFileProvider p = Fixtures.provider(file, DefaultKdf.INSTANCE)) {
            assertThat(Fixtures.accepted(p.authenticate(connect("nul", "abc\0xyz")))).isFalse();
        }
    }

    @Test
    void theProviderWipesItsPasswordCopyAndTheComputedHashOnceItHasDecided() {
        List<byte[]> passwords = new CopyOnWriteArrayList<>();
        List<byte[]> computed = new CopyOnWriteArrayList<>();
        Kdf kdf = (params, password, salt, length) -> {
            passwords.add(password);
            byte[] out = DefaultKdf.INSTANCE.derive(params, password, salt, length);
            computed.add(out);
            return out;
        };
        try (PasswordFileProvider p = conformance(kdf)) {
            assertThat(Fixtures.accepted(p.authenticate(connect("zoe", "zoe-pw")))).isTrue();
            assertThat(Fixtures.accepted(p.authenticate(connect("zoe", "wrong")))).isFalse();
            assertThat(Fixtures.accepted(p.authenticate(connect("nobody", "wrong")))).isFalse();
        }
        assertThat(passwords).as("right, wrong and unknown user's password").hasSize(3)
                .allSatisfy(pw -> assertThat(pw).containsOnly(0));
        assertThat(computed).hasSize(3).allSatisfy(hash -> assertThat(hash).containsOnly(0));
    }

    @Test
    void inTheChainUnknownUserIsNoCredentialsFoundWithMosquittoCodes() {
        Fixtures.write(dir, "passwd", Fixtures.resource("mosquitto-2.0.11/passwd"));
        try (MqttAuth auth = MqttAuth.builder()
                .authenticatorProvider("password-file", Map.of("path", dir.resolve("passwd").toString(),
                        "reload", "off"))
                .build()) {
            Decision unknown = auth.authenticate(connect("nobody", "x"));
            assertThat(unknown.reason()).contains(FailureReason.NO_CREDENTIALS_FOUND);
            assertThat(unknown.codeFor(MqttVersion.V3_1_1)).isEqualTo(5);
            assertThat(unknown.codeFor(MqttVersion.V5)).isEqualTo(0x87);
            Decision wrong = auth.authenticate(connect("zoe", "bad"));
            assertThat(wrong.reason()).contains(FailureReason.PASSWORD_MISMATCH);
            assertThat(wrong.codeFor(MqttVersion.V3_1_1)).isEqualTo(5);
            assertThat(wrong.codeFor(MqttVersion.V5)).isEqualTo(0x87);
            Decision ok = auth.authenticate(connect("zoe", "zoe-pw"));
            assertThat(ok.isAllowed()).isTrue();
            assertThat(ok.identity().orElseThrow().name()).isEqualTo("zoe");
            assertThat(ok.identity().orElseThrow().provider()).isEqualTo("password-file");
        }
    }
}
