package io.mqttauth.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.mqttauth.FailureReason;
import jakarta.annotation.Nullable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The JSON of token headers and claim sets, parsed once: a device presents the same token on every reconnect until it
 * expires, and parsing its JSON cost more than verifying an HS256 signature and a third of an RS256 decision. This is
 * not a cache of decisions: every decision still verifies the signature and checks every claim against the clock, the
 * settings and the request; only the text-to-map step is skipped for a header or claim set seen before.
 *
 * <ul>
 *   <li>Headers are kept by their base64url text (at most {@value #MAX_HEADERS} headers of up to
 *       {@value #MAX_HEADER_CHARS} characters; a device fleet signs with a handful).</li>
 *   <li>A claim set is kept only once the token's signature verified, so nobody without a signing key can fill the
 *       cache, and it is found again by the signature's first bytes and then compared byte for byte with the token's
 *       payload: a different payload is parsed afresh, whatever its signature. The least recently used go first once
 *       the claim sets weigh {@value #MAX_PAYLOAD_BYTES} bytes (about four times their text).</li>
 * </ul>
 * The maps are read-only.
 */
final class ParsedParts {

    static final int MAX_HEADERS = 256;
    static final int MAX_HEADER_CHARS = 512;
    static final long MAX_PAYLOAD_BYTES = 16L << 20;
    /** What a kept claim set costs beyond its text: the map, its entries and the values, estimated. */
    private static final int PAYLOAD_OVERHEAD_FACTOR = 4;

    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    private final Cache<String, Map<String, Object>> headers = Caffeine.newBuilder().maximumSize(MAX_HEADERS).build();
    private final Cache<SignatureKey, Payload> payloads = Caffeine.newBuilder()
            .maximumWeight(MAX_PAYLOAD_BYTES)
            .weigher((SignatureKey k, Payload p) -> PAYLOAD_OVERHEAD_FACTOR * p.encoded.length)
            .build();

    /**
     * A claim set, the base64url text it was parsed from, and the detail of the last decision that accepted it (it
     * depends only on the claims, the settings and the key, and formatting it cost as much as the rest of a decision).
     */
    static final class Payload {
        private final byte[] encoded;
        private final Map<String, Object> claims;
        private volatile @Nullable Detail detail;

        /** An accepting decision's detail, with the key and algorithm it names. */
        private record Detail(VerificationKey key, JWSAlgorithm alg, String text) {
        }

        private Payload(byte[] encoded, Map<String, Object> claims) {
            this.encoded = encoded;
            this.claims = claims;
        }

        /** The claims, read-only. */
        Map<String, Object> claims() {
            return claims;
        }

        /** The detail of a decision that accepted these claims verified by {@code key}: {@code text}, made once. */
        String detail(VerificationKey key, JWSAlgorithm alg, Supplier<String> text) {
            Detail d = detail;
            if (d == null || d.key() != key || !d.alg().equals(alg)) {
                d = new Detail(key, alg, text.get());
                detail = d;
            }
            return d.text();
        }

        private boolean isParsedFrom(byte[] signingInput, int from) {
            return Arrays.equals(encoded, 0, encoded.length, signingInput, from, signingInput.length);
        }
    }

    /**
     * A verified signature's first 16 bytes, the key of its claim set: enough to tell the tokens of a fleet apart
     * (a match is confirmed by comparing the payload), and too little to rebuild a usable token from the heap, as the
     * whole signature would.
     */
    private record SignatureKey(long first, long second) {
        static SignatureKey of(byte[] signature) {
            ByteBuffer b = ByteBuffer.wrap(Arrays.copyOf(signature, 16));
            return new SignatureKey(b.getLong(0), b.getLong(8));
        }
    }

    /**
     * The JOSE header of base64url text {@code encoded}.
     *
     * @throws Refusal {@link FailureReason#TOKEN_MALFORMED} if it is not a JSON object in UTF-8
     */
    Map<String, Object> header(String encoded) throws Refusal {
        if (encoded.length() > MAX_HEADER_CHARS) {
            return json(encoded, "header");
        }
        Map<String, Object> header = headers.getIfPresent(encoded);
        if (header == null) {
            header = json(encoded, "header");
            headers.put(encoded, header);
        }
        return header;
    }

    /**
     * The claim set of a token whose signature verified: {@code signingInput} is the token's ASCII text up to its
     * second dot, its payload starting at {@code payloadFrom}; {@code signature} the signature that verified it.
     *
     * @throws Refusal {@link FailureReason#TOKEN_MALFORMED} if the payload is not a JSON object in UTF-8
     */
    Payload verifiedPayload(byte[] signingInput, int payloadFrom, byte[] signature) throws Refusal {
        SignatureKey key = SignatureKey.of(signature);
        Payload payload = payloads.getIfPresent(key);
        if (payload != null && payload.isParsedFrom(signingInput, payloadFrom)) {
            return payload;
        }
        byte[] encoded = Arrays.copyOfRange(signingInput, payloadFrom, signingInput.length);
        payload = new Payload(encoded, json(new String(encoded, StandardCharsets.US_ASCII), "payload"));
        payloads.put(key, payload);
        return payload;
    }

    /** A base64url part holding a JSON object in strict UTF-8, read-only. */
    private static Map<String, Object> json(String part, String what) throws Refusal {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(BASE64URL.decode(part)))
                    .toString();
            @Nullable Map<String, Object> json = JSONObjectUtils.parse(text);
            if (json != null) {
                // Gson's map is a tree searched by string comparisons; a hash map finds a claim several times faster.
                return Collections.unmodifiableMap(new LinkedHashMap<>(json));
            }
        } catch (CharacterCodingException | ParseException | RuntimeException e) {
            // reported below; the parser's message may quote the payload
        }
        throw new Refusal(FailureReason.TOKEN_MALFORMED, "the " + what + " is not a JSON object in UTF-8");
    }
}
