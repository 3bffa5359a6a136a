package io.mqttauth.cli.passwd;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the passwd tests' resources (the jar itself is run by {@link io.mqttauth.cli.Cli}). */
final class PasswdResources {

    private PasswdResources() {
    }

    /** A test resource under {@code passwd/}. */
    static byte[] resource(String name) {
        try (InputStream in = PasswdResources.class.getResourceAsStream("/passwd/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource passwd/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** user -> password from a TSV resource (tab-separated, not trimmed). */
    static Map<String, String> users(String tsv) {
        Map<String, String> users = new LinkedHashMap<>();
        for (String line : new String(resource(tsv), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                int tab = line.indexOf('\t');
                users.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return users;
    }
}
