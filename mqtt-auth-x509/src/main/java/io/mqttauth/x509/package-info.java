/**
 * The {@code x509} provider: an authenticator that PKIX-validates the client's certificate chain against configured
 * trust anchors and CRLs, explains every refusal with the certificate's subject, issuer, serial and validity, and
 * takes the identity from the CN, the DN, a subject alternative name or the fingerprint, optionally through mapping
 * rules. See {@code docs/x509.md}.
 *
 * <p>Public: {@link io.mqttauth.x509.X509ProviderFactory} (found by ServiceLoader), {@link io.mqttauth.x509.Pem} and
 * {@link io.mqttauth.x509.PemException} (the PEM reader, shared with the CLI) and {@link io.mqttauth.x509.X509Chains}
 * (a chain forwarded as text by a TLS-terminating proxy). Everything else is package-private.
 *
 * <p>Nullability: every parameter and return value is non-null unless it is marked {@code @Nullable}.
 */
package io.mqttauth.x509;
