package io.mqttauth.x509;

/**
 * PEM or DER content that {@link Pem} cannot read: a certificate or CRL block that does not decode or parse, or content
 * that is neither PEM nor DER. The message says which entry and why, in words fit for an operator; it quotes no
 * content.
 */
public final class PemException extends Exception {

    private final int entry;

    /**
     * An exception about one entry.
     *
     * @param entry the 1-based number of the certificate (or CRL) that cannot be read, counting only entries of that
     *     kind; 0 when the content as a whole is neither PEM nor DER
     * @param message what is wrong
     */
    public PemException(int entry, String message) {
        super(message);
        this.entry = entry;
    }

    /**
     * The 1-based number of the certificate (or CRL) that cannot be read, counting only entries of that kind; 0 when
     * the content as a whole is neither PEM nor DER.
     */
    public int entry() {
        return entry;
    }
}
