package io.mqttauth.passwordfile;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The hash functions. PBKDF2 runs on the JDK's {@code PBKDF2WithHmacSHA512} (measured faster than Bouncy Castle's on
 * this project's benchmark machine, see docs/benchmarks.md) whenever the password is valid UTF-8, which the JDK's
 * {@code char[]} interface needs; other passwords (MQTT passwords are binary data) go through Bouncy Castle, which
 * takes bytes. Both give identical results for the same bytes. bcrypt and argon2id are Bouncy Castle's.
 */
final class DefaultKdf implements Kdf {

    static final DefaultKdf INSTANCE = new DefaultKdf();

    private static final ThreadLocal<SecretKeyFactory> JDK_SHA512 = ThreadLocal.withInitial(
            () -> factory("PBKDF2WithHmacSHA512"));
    private static final ThreadLocal<SecretKeyFactory> JDK_SHA256 = ThreadLocal.withInitial(
            () -> factory("PBKDF2WithHmacSHA256"));

    private DefaultKdf() {
    }

    @Override
    public byte[] derive(HashParams params, byte[] password, byte[] salt, int length) {
        return switch (params.kind()) {
            case MOSQUITTO_PBKDF2_SHA512, PBKDF2_SHA512 ->
                    pbkdf2(JDK_SHA512.get(), new SHA512Digest(), password, salt, params.cost(), length);
            case PBKDF2_SHA256 -> pbkdf2(JDK_SHA256.get(), new SHA256Digest(), password, salt, params.cost(), length);
            case MOSQUITTO_SHA512 -> sha512(password, salt);
            case PLAIN -> sha512(password, new byte[0]);
            case BCRYPT -> bcrypt(params, password, salt);
            case ARGON2ID -> argon2id(params, password, salt, length);
        };
    }

    /** PBKDF2 through the JDK for UTF-8 passwords, through Bouncy Castle otherwise. */
    static byte[] pbkdf2(SecretKeyFactory jdk, Digest bc, byte[] password, byte[] salt, int iterations, int length) {
        char[] chars = utf8Chars(password);
        if (chars == null || chars.length == 0) {
            return pbkdf2BouncyCastle(bc, password, salt, iterations, length);
        }
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, length * 8);
        try {
            return jdk.generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's PBKDF2 refused valid parameters", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    /** PBKDF2 through Bouncy Castle, on the password's bytes. */
    static byte[] pbkdf2BouncyCastle(Digest digest, byte[] password, byte[] salt, int iterations, int length) {
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(digest);
        generator.init(password, salt, iterations);
        return ((KeyParameter) generator.generateDerivedMacParameters(length * 8)).getKey();
    }

    static SecretKeyFactory factory(String algorithm) {
        try {
            return SecretKeyFactory.getInstance(algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is required of every Java platform", e);
        }
    }

    /** The password as chars if it is well-formed UTF-8, else null. */
    private static char[] utf8Chars(byte[] password) {
        try {
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(password));
            char[] chars = new char[decoded.remaining()];
            decoded.get(chars);
            if (decoded.hasArray()) {
                Arrays.fill(decoded.array(), '\0');
            }
            return chars;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static byte[] sha512(byte[] password, byte[] salt) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-512");
            sha.update(password);
            sha.update(salt);
            return sha.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-512 is required of every Java platform", e);
        }
    }

    private static byte[] bcrypt(HashParams params, byte[] password, byte[] salt) {
        String full = OpenBSDBCrypt.generate(params.version(), password, salt, params.cost());
        return full.substring(full.length() - 31).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] argon2id(HashParams params, byte[] password, byte[] salt, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withIterations(params.cost())
                .withMemoryAsKB(params.memoryKib())
                .withParallelism(params.parallelism())
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }
}
