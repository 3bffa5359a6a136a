package io.mqttauth.cli;

import java.io.Console;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Asks for a password twice on the terminal, as {@code mosquitto_passwd} does; the typed characters are wiped. */
final class PasswordPrompt {

    private PasswordPrompt() {
    }

    /**
     * The password typed twice, in UTF-8.
     *
     * @throws IllegalArgumentException with the message to print when nothing was entered or the two differ
     */
    static byte[] askTwice(Console console) {
        char[] first = console.readPassword("Password: ");
        char[] second = console.readPassword("Reenter password: ");
        try {
            if (first == null || second == null) {
                throw new IllegalArgumentException("Error: no password entered.");
            }
            if (!Arrays.equals(first, second)) {
                throw new IllegalArgumentException("Error: Passwords do not match.");
            }
            ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(first));
            byte[] password = new byte[encoded.remaining()];
            encoded.get(password);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
            return password;
        } finally {
            if (first != null) {
                Arrays.fill(first, '\0');
            }
            if (second != null) {
                Arrays.fill(second, '\0');
            }
        }
    }
}
