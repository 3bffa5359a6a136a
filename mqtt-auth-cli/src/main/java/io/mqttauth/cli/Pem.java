package io.mqttauth.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a client's certificate chain, leaf first, from a PEM file (or a single DER certificate). */
final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*?)-----END CERTIFICATE-----");

    private Pem() {
    }

    /**
     * The certificates of the file in file order.
     *
     * @throws UsageException if the file cannot be read, holds no certificate, or a certificate cannot be parsed
     */
    static List<X509Certificate> chain(Path file) throws UsageException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageException("cannot read the certificate file " + file + ": " + e);
        }
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
        List<X509Certificate> chain = new ArrayList<>();
        Matcher m = BLOCK.matcher(new String(content, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            int n = chain.size() + 1;
            try {
                byte[] der = Base64.getMimeDecoder().decode(m.group(1));
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            } catch (IllegalArgumentException | CertificateException e) {
                throw new UsageException("certificate " + n + " in " + file + " cannot be parsed (" + e.getMessage()
                        + "); give the client's chain as PEM, leaf first");
            }
        }
        if (chain.isEmpty()) {
            try {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(content)));
            } catch (CertificateException e) {
                throw new UsageException("no certificate found in " + file
                        + "; give the client's chain as PEM (-----BEGIN CERTIFICATE----- blocks), leaf first");
            }
        }
        return chain;
    }
}
