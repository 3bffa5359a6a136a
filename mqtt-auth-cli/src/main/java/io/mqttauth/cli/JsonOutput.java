package io.mqttauth.cli;

import java.io.UncheckedIOException;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON the CLI writes ({@code --json}): one compact object per line, members in insertion order, and ASCII only,
 * so the output reads the same in any terminal encoding: every character outside printable ASCII is written as a
 * lower-case {@code \\uXXXX} escape per UTF-16 unit, or its short form ({@code \\n}, {@code \\t}, {@code \\r},
 * {@code \\b}, {@code \\f}).
 */
final class JsonOutput {

    private static final JsonMapper MAPPER = JsonMapper.builder(
            new JsonFactoryBuilder().characterEscapes(new AsciiEscapes()).build()).build();

    private JsonOutput() {
    }

    /** A new empty object; its members keep the order they are put in. */
    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code object} on one line, without the line break. */
    static String write(ObjectNode object) {
        try {
            return MAPPER.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            // A tree of strings, numbers and booleans written to a String: Jackson has nothing to fail on.
            throw new UncheckedIOException(e);
        }
    }

    /** Jackson's escapes, with lower-case hex digits as the CLI always wrote, and DEL and non-ASCII escaped too. */
    private static final class AsciiEscapes extends CharacterEscapes {
        private final int[] ascii;

        AsciiEscapes() {
            ascii = Arrays.copyOf(standardAsciiEscapesForJSON(), 128);
            for (int c = 0; c < 0x20; c++) {
                if (ascii[c] == ESCAPE_STANDARD) {
                    ascii[c] = ESCAPE_CUSTOM;
                }
            }
            ascii[0x7F] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return new SerializedString(String.format("\\u%04x", ch));
        }
    }
}
