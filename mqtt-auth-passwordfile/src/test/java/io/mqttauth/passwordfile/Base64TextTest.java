package io.mqttauth.passwordfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict base64 decoder on its own: empty text, bytes outside the alphabet, text that does not fit. */
class Base64TextTest {

    private static int decode(String text, boolean padded, byte[] dst) {
        byte[] src = text.getBytes(StandardCharsets.ISO_8859_1);
        return Base64Text.decode(src, 0, src.length, Base64Text.STANDARD, padded, dst);
    }

    @Test
    void emptyTextDecodesToNoBytes() {
        assertThat(Base64Text.decode(new byte[0], 0, 0, Base64Text.STANDARD, true, new byte[4])).isZero();
        assertThat(Base64Text.decode(new byte[0], 0, 0, Base64Text.STANDARD, false, new byte[4])).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"YW\u00e9=", "YW\u0080=", "YW\u0000=", "YW-=", "YW_="})
    void aByteOutsideTheAlphabetIsRefusedWhateverItsValue(String text) {
        assertThat(decode(text, true, new byte[4])).isEqualTo(-1);
        assertThat(decode("YWJj", true, new byte[4])).as("the same text with alphabet bytes").isEqualTo(3);
    }

    @Test
    void textThatDoesNotFitTheBufferIsRefusedAndWhatFitsExactlyIsDecoded() {
        byte[] three = new byte[3];
        assertThat(decode("YWJj", true, three)).isEqualTo(3);
        assertThat(three).containsExactly('a', 'b', 'c');
        assertThat(decode("YWJjZA==", true, three)).isEqualTo(Base64Text.TOO_LONG);
        assertThat(decode("YWJjZA", false, three)).isEqualTo(Base64Text.TOO_LONG);
        assertThat(decode("YW*j", true, three)).isEqualTo(-1);
    }
}
