package io.mqttauth.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The folder the CLI's fuzz tests configure engines in: a password file ({@code alice} / {@code secret}, plain text
 * allowed), an ACL, a ban list and an HMAC secret, so that fuzzed configurations and questions can name real files.
 */
final class CliFuzzFiles {

    /** The files, by name. */
    static final Map<String, String> FILES = Map.of(
            "passwd", "alice:secret\nbob:$6$c2FsdHNhbHRzYWx0$" + "A".repeat(86) + "==\n",
            "acl", "user alice\ntopic readwrite a/#\ntopic deny a/secret\npattern read clients/%c/#\n",
            "banned", "clientid evil\nusername mallory\naddress 10.0.0.0/8\n",
            "secret", "fuzz-secret-0123456789abcdef-012");

    private CliFuzzFiles() {
    }

    /** A new temporary folder holding {@link #FILES}. */
    static Path folder(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            for (Map.Entry<String, String> f : FILES.entrySet()) {
                Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the folder and the files in it. */
    static void delete(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
