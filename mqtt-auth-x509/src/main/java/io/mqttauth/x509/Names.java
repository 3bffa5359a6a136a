package io.mqttauth.x509;

import java.io.IOException;
import java.nio.charset.Charset;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import jakarta.annotation.Nullable;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1UniversalString;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Distinguished names as Bouncy Castle parses them from the DER of a certificate: RFC 4514 strings and attribute
 * values exactly as encoded (UTF-8, escaped characters, multi-valued RDNs).
 */
final class Names {

    /** The attribute types RFC 4514 section 3 gives names; every other type is written as a dotted OID. */
    private static final Map<ASN1ObjectIdentifier, String> RFC4514_NAMES = Map.of(BCStyle.CN, "CN", BCStyle.L, "L",
            BCStyle.ST, "ST", BCStyle.O, "O", BCStyle.OU, "OU", BCStyle.C, "C", BCStyle.STREET, "STREET",
            BCStyle.DC, "DC", BCStyle.UID, "UID");

    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");

    private Names() {
    }

    /** Parses a name from its DER encoding. @throws IllegalArgumentException if it is not a name */
    static X500Name parse(X500Principal principal) {
        return X500Name.getInstance(principal.getEncoded());
    }

    /**
     * The RFC 4514 string of a name: RDNs from the most specific (last encoded) to the most general, separated by
     * {@code ,}; the values of a multi-valued RDN joined by {@code +}; {@code , + " \ < > ; =}, a leading {@code #}
     * or space and a trailing space escaped with {@code \}; values that are not strings, and every value of an
     * attribute type RFC 4514 does not name (written as a dotted OID), as {@code #} and their DER in hex.
     */
    static String rfc4514(X500Name name) {
        RDN[] rdns = name.getRDNs();
        StringBuilder sb = new StringBuilder();
        for (int i = rdns.length - 1; i >= 0; i--) {
            if (i < rdns.length - 1) {
                sb.append(',');
            }
            AttributeTypeAndValue[] values = rdns[i].getTypesAndValues();
            for (int k = 0; k < values.length; k++) {
                if (k > 0) {
                    sb.append('+');
                }
                String type = RFC4514_NAMES.get(values[k].getType());
                if (type == null) {
                    sb.append(values[k].getType().getId()).append("=#").append(hex(values[k].getValue()));
                } else {
                    sb.append(type).append('=').append(IETFUtils.valueToString(values[k].getValue()));
                }
            }
        }
        return sb.toString();
    }

    private static String hex(ASN1Encodable value) {
        try {
            return HexFormat.of().formatHex(value.toASN1Primitive().getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new IllegalArgumentException("an attribute value cannot be encoded", e);
        }
    }

    /**
     * The value of the last (most specific) common name of {@code name}, or {@code null} if it has none.
     *
     * @throws IllegalArgumentException if that CN is not a string
     */
    static @Nullable String lastCommonName(X500Name name) {
        ASN1Encodable last = null;
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (BCStyle.CN.equals(atv.getType())) {
                    last = atv.getValue();
                }
            }
        }
        return last == null ? null : text(last);
    }

    /**
     * The text of a directory string as encoded: UTF8String, PrintableString, BMPString, UniversalString, T61String.
     *
     * @throws IllegalArgumentException if the value is not a string
     */
    static String text(ASN1Encodable value) {
        if (value instanceof ASN1UniversalString u) {
            return new String(u.getOctets(), UTF_32BE);
        }
        if (value instanceof ASN1String s) {
            return s.getString();
        }
        throw new IllegalArgumentException("the value is not a string but " + value.getClass().getSimpleName());
    }

    /**
     * The RFC 4514 subject of a certificate for messages: never throws; falls back to the JDK's reading of a name that
     * Bouncy Castle cannot parse.
     */
    static String subjectOf(X509Certificate certificate) {
        return describe(certificate.getSubjectX500Principal());
    }

    /** The RFC 4514 issuer of a certificate for messages; never throws. */
    static String issuerOf(X509Certificate certificate) {
        return describe(certificate.getIssuerX500Principal());
    }

    /** The RFC 4514 string of a name for messages; never throws. */
    static String describe(X500Principal principal) {
        try {
            return rfc4514(parse(principal));
        } catch (RuntimeException e) {
            return principal.getName(X500Principal.RFC2253);
        }
    }
}
