package io.mqttauth.x509;

import java.nio.charset.Charset;
import java.security.cert.X509Certificate;
import java.util.Hashtable;
import javax.security.auth.x500.X500Principal;
import jakarta.annotation.Nullable;
import org.bouncycastle.asn1.ASN1Encodable;
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
    private static final Hashtable<ASN1ObjectIdentifier, String> RFC4514_NAMES = new Hashtable<>();

    static {
        RFC4514_NAMES.put(BCStyle.CN, "CN");
        RFC4514_NAMES.put(BCStyle.L, "L");
        RFC4514_NAMES.put(BCStyle.ST, "ST");
        RFC4514_NAMES.put(BCStyle.O, "O");
        RFC4514_NAMES.put(BCStyle.OU, "OU");
        RFC4514_NAMES.put(BCStyle.C, "C");
        RFC4514_NAMES.put(BCStyle.STREET, "STREET");
        RFC4514_NAMES.put(BCStyle.DC, "DC");
        RFC4514_NAMES.put(BCStyle.UID, "UID");
    }

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
     * or space and a trailing space escaped with {@code \}; attribute types RFC 4514 does not name as dotted OIDs;
     * values that are not strings as {@code #} and their DER in hex.
     */
    static String rfc4514(X500Name name) {
        RDN[] rdns = name.getRDNs();
        StringBuffer sb = new StringBuffer();
        for (int i = rdns.length - 1; i >= 0; i--) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            IETFUtils.appendRDN(sb, rdns[i], RFC4514_NAMES);
        }
        return sb.toString();
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
