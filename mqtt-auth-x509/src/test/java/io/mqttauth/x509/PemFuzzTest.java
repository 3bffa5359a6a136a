package io.mqttauth.x509;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mqttauth.AuthenticationResult;
import io.mqttauth.Authenticator;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.TlsFacts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes PEM and DER certificate input and chain validation: {@link Pem} returns certificates or CRLs or throws
 * {@link PemException}, never another exception; {@link X509Chains#parse} never throws and refuses with
 * {@link FailureReason#EMPTY_CERTIFICATE_CHAIN} or {@link FailureReason#CERTIFICATE_UNPARSEABLE}; the {@code x509}
 * authenticator (trusting a fixed test CA, {@code fuzz-ca.pem}, whose client certificates seed the corpus) decides any
 * chain, given parsed or as forwarded text, with a success or a certificate refusal, and no exception thrown by our
 * own code reaches its safety net. Run long: see docs/fuzzing.md.
 *
 * <p>An input is one byte ({@code t}: the forwarded text is the rest as UTF-8, else as ISO-8859-1) then the content.
 */
class PemFuzzTest {

    private static final Path DIR = tempDir();
    private static final Fixture FIXTURE = new Fixture(DIR);
    private static final Authenticator X509;
    private static final List<Throwable> CAUGHT = new ArrayList<>();
    private static final Logger LOG = Logger.getLogger(X509Authenticator.class.getName());
    private static final Handler RECORDER = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getThrown() != null) {
                CAUGHT.add(record.getThrown());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    static {
        try (InputStream ca = PemFuzzTest.class.getResourceAsStream("fuzz-ca.pem")) {
            FIXTURE.write("ca.pem", ca.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        X509 = FIXTURE.authenticator("trust.path", "ca.pem", "cache.size", "0");
        LOG.addHandler(RECORDER);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        LOG.removeHandler(RECORDER);
        FIXTURE.close();
        Files.deleteIfExists(DIR.resolve("ca.pem"));
        Files.deleteIfExists(DIR);
    }

    @FuzzTest
    void certificateInputIsReadOrRefusedWithAReasonAndNeverThrows(byte[] input) {
        boolean asText = input.length > 0 && input[0] == 't';
        byte[] content = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        CAUGHT.clear();

        List<X509Certificate> certificates = null;
        try {
            certificates = Pem.certificates(content);
        } catch (PemException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
        try {
            List<X509CRL> crls = Pem.crls(content);
            assertThat(crls).doesNotContainNull();
        } catch (PemException e) {
            assertThat(e.getMessage()).isNotBlank();
        }

        String text = new String(content, asText ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        X509Chains.Parsed parsed = X509Chains.parse(text);
        if (parsed instanceof X509Chains.Refused r) {
            assertThat(r.reason()).isIn(FailureReason.EMPTY_CERTIFICATE_CHAIN, FailureReason.CERTIFICATE_UNPARSEABLE);
        }

        check(X509.authenticate(ConnectRequest.builder("c").tls(TlsFacts.forwarded(text, null, "TLSv1.3", null))
                .build()));
        if (certificates != null && !certificates.isEmpty()) {
            check(X509.authenticate(ConnectRequest.builder("c")
                    .tls(new TlsFacts(certificates, null, "TLSv1.3", null)).build()));
        }
        for (Throwable t : CAUGHT) {
            StackTraceElement top = t.getStackTrace().length == 0 ? null : t.getStackTrace()[0];
            assertThat(top == null || !top.getClassName().startsWith("io.mqttauth."))
                    .as("our own code threw %s", t).isTrue();
        }
    }

    private static void check(AuthenticationResult result) {
        if (result instanceof AuthenticationResult.Refusal r) {
            assertThat(r.reason().category()).as(r.detail()).isEqualTo(FailureReason.Category.CERTIFICATE);
        } else if (result instanceof AuthenticationResult.Abstain a) {
            // Blank forwarded text is no certificate at all.
            assertThat(a.reason()).as(a.detail()).isEqualTo(FailureReason.NO_CLIENT_CERTIFICATE);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("pem-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
