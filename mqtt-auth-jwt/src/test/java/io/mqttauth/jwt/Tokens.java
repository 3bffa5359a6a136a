package io.mqttauth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Keys made once per test run, tokens built at test time, and the files and providers that use them. */
final class Tokens {

    /** The tests' fixed time. */
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static final RSAKey RSA = rsa("rsa-1");
    static final RSAKey RSA_2 = rsa("rsa-2");
    static final ECKey EC = ec("ec-1", Curve.P_256);
    static final ECKey EC_384 = ec("ec-384", Curve.P_384);
    /** A 32-byte HMAC secret. */
    static final byte[] SECRET = random(32);

    private Tokens() {
    }

    static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey ec(String kid, Curve curve) {
        try {
            return new ECKeyGenerator(curve).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /** A token for {@code sub}, expiring an hour after {@link #NOW}. */
    static Jwt jwt(String sub) {
        return new Jwt().claim("sub", sub).claim("exp", NOW.getEpochSecond() + 3600);
    }

    /** A JWT under construction: header and claims as JSON objects, signed by any key or none. */
    static final class Jwt {
        final Map<String, Object> header = new LinkedHashMap<>();
        final Map<String, Object> claims = new LinkedHashMap<>();
        private String payload;

        Jwt header(String name, Object value) {
            header.put(name, value);
            return this;
        }

        Jwt claim(String name, Object value) {
            claims.put(name, value);
            return this;
        }

        /** A claim whose value is the JSON text given. */
        Jwt claimJson(String name, String json) {
            try {
                return claim(name, JSONObjectUtils.parse("{\"v\":" + json + "}").get("v"));
            } catch (java.text.ParseException e) {
                throw new IllegalArgumentException(e);
            }
        }

        /** Uses this text as the payload instead of the claims. */
        Jwt payload(String text) {
            payload = text;
            return this;
        }

        Jwt without(String claim) {
            claims.remove(claim);
            return this;
        }

        /** Signs with the key's kid in the header and the usual algorithm for its type (RS256, ES256/384). */
        String sign(JWK key) {
            JWSAlgorithm alg = key instanceof RSAKey ? JWSAlgorithm.RS256
                    : ((ECKey) key).getCurve().equals(Curve.P_384) ? JWSAlgorithm.ES384 : JWSAlgorithm.ES256;
            return sign(key, alg, key.getKeyID());
        }

        /** Signs with the key and algorithm, with {@code kid} in the header unless null (or already set). */
        String sign(JWK key, JWSAlgorithm alg, String kid) {
            header.putIfAbsent("alg", alg.getName());
            if (kid != null) {
                header.putIfAbsent("kid", kid);
            }
            try {
                JWSSigner signer = key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key);
                String input = input();
                return input + "." + signer.sign(new JWSHeader(alg), input.getBytes(StandardCharsets.US_ASCII));
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        /** HS256 over the token with {@code secret} as the HMAC key, whatever it is. */
        String hmac(byte[] secret) {
            return hmac(secret, "HS256", "HmacSHA256");
        }

        String hmac(byte[] secret, String alg, String jca) {
            header.putIfAbsent("alg", alg);
            try {
                Mac mac = Mac.getInstance(jca);
                mac.init(new SecretKeySpec(secret, jca));
                String input = input();
                return input + "." + Base64URL.encode(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The unsigned token ({@code alg} as given, {@code none} by default) with an empty signature. */
        String unsigned() {
            header.putIfAbsent("alg", "none");
            return input() + ".";
        }

        private String input() {
            return part(JSONObjectUtils.toJSONString(header)) + "."
                    + part(payload != null ? payload : JSONObjectUtils.toJSONString(claims));
        }
    }

    /** A base64url part of the given text. */
    static String part(String text) {
        return Base64URL.encode(text.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The token with its payload replaced (the signature left as it was). */
    static String withPayload(String token, String json) {
        String[] p = token.split("\\.", -1);
        return p[0] + "." + part(json) + "." + p[2];
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    static Path writePem(Path dir, String name, JWK key) {
        try {
            PublicKey pub = key instanceof RSAKey r ? r.toRSAPublicKey() : ((ECKey) key).toECPublicKey();
            return Files.writeString(dir.resolve(name), pem(pub));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String jwks(JWK... keys) {
        return new JWKSet(Arrays.stream(keys).map(JWK::toPublicJWK).toList()).toString();
    }

    static Path write(Path dir, String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path dir, String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A jwt provider with the fixed clock, built by the factory. */
    static Provider provider(Path dir, Map<String, String> config) {
        return new JwtProviderFactory().create(ProviderContext.of("jwt", config, dir, CLOCK, () -> { }));
    }

    /** The usual key files: rsa.pem (RSA), ec.pem (EC P-256), keys.json (both, with kids) and secret (32 bytes). */
    static void writeKeys(Path dir) {
        writePem(dir, "rsa.pem", RSA);
        writePem(dir, "ec.pem", EC);
        write(dir, "keys.json", jwks(RSA, EC));
        write(dir, "secret", SECRET);
    }

    static List<String> parts(String token) {
        return List.of(token.split("\\.", -1));
    }
}
