package io.mqttauth.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamReadException;

/**
 * Reads one line of a {@code --batch} file: exactly one flat JSON object whose values are strings, numbers, booleans
 * or {@code null}. Jackson's streaming parser reads the JSON; this class refuses what the batch format does not allow
 * (another value than an object, nested objects and arrays, a repeated member, text after the object) and words every
 * error as the CLI always has: the 1-based column where reading stopped and what was expected there, such as
 * {@code column 2: expected a member name in double quotes} (docs/cli.md shows it).
 *
 * <p>Jackson says what went wrong inside a string or a number; where it stopped between tokens, the column and the
 * wording come from the line itself: from the end of the last token Jackson read, what the grammar expects next.
 */
final class BatchLine {

    /**
     * Jackson's parser as standard JSON asks (no comments, no single quotes, no NaN), without Jackson's limits on the
     * length of a number, string or name: a line is in memory already, and the CLI has always read any length.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE).maxNameLength(Integer.MAX_VALUE).build())
            .build();

    private BatchLine() {
    }

    /** A value read from a flat object: its kind and its text (the decoded string, or the literal as written). */
    record Value(Kind kind, String text) {
        /** The kinds of value a flat object may hold. */
        enum Kind { STRING, NUMBER, BOOLEAN, NULL }
    }

    /** Malformed input, with the 1-based column where reading stopped. */
    static final class SyntaxError extends Exception {
        SyntaxError(int offset, String message) {
            super("column " + (offset + 1) + ": " + message);
        }
    }

    /**
     * Reads one line holding exactly one flat JSON object.
     *
     * @return the members in the order of the line
     * @throws SyntaxError naming the column and what was expected, for malformed JSON, another value than an object,
     *     nested values, a repeated member name or text after the object
     */
    static Map<String, Value> read(String line) throws SyntaxError {
        try (JsonParser parser = FACTORY.createParser(line)) {
            return new Reader(line, parser).object();
        } catch (IOException e) {
            // Reading a String: Jackson's own errors are StreamReadExceptions, handled in Reader.
            throw new UncheckedIOException(e);
        }
    }

    /** Where the line stood when Jackson stopped: what the grammar expects from {@link #from} on. */
    private enum Expect { MEMBER_NAME, COMMA_OR_END }

    private static final class Reader {
        private final String s;
        private final JsonParser parser;
        /** The offset after the last token Jackson read, and what may follow it. */
        private int from;
        private Expect expect;
        private final Map<String, Value> members = new LinkedHashMap<>();

        Reader(String s, JsonParser parser) {
            this.s = s;
            this.parser = parser;
        }

        Map<String, Value> object() throws SyntaxError, IOException {
            try {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new SyntaxError(skipSpace(0), "expected a JSON object starting with '{'");
                }
            } catch (StreamReadException e) {
                throw new SyntaxError(skipSpace(0), "expected a JSON object starting with '{'");
            }
            from = offset() + 1;
            expect = Expect.MEMBER_NAME;
            try {
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    int nameAt = offset();
                    String name = parser.currentName();
                    JsonToken v = parser.nextToken();
                    int valueAt = offset();
                    Value value = switch (v) {
                        case VALUE_STRING -> new Value(Value.Kind.STRING, parser.getText());
                        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Value(Value.Kind.NUMBER, parser.getText());
                        case VALUE_TRUE, VALUE_FALSE -> new Value(Value.Kind.BOOLEAN, parser.getText());
                        case VALUE_NULL -> new Value(Value.Kind.NULL, "null");
                        default -> throw new SyntaxError(valueAt,
                                "nested objects and arrays are not supported; use strings, numbers, booleans or null");
                    };
                    if (members.put(name, value) != null) {
                        throw new SyntaxError(nameAt, "member \"" + name + "\" appears twice");
                    }
                    from = v == JsonToken.VALUE_STRING ? endOfString(valueAt) : valueAt + value.text().length();
                    expect = Expect.COMMA_OR_END;
                }
            } catch (StreamReadException e) {
                throw explain(e);
            }
            int after = skipSpace(offset() + 1);
            if (after < s.length()) {
                throw new SyntaxError(after, "unexpected text after the object");
            }
            return members;
        }

        /** The offset of the current token's first character. */
        private int offset() {
            return (int) parser.currentTokenLocation().getCharOffset();
        }

        /** Words Jackson's error as the CLI does. */
        private SyntaxError explain(StreamReadException e) {
            String message = e.getOriginalMessage();
            int at = e.getLocation() == null ? s.length() : (int) e.getLocation().getCharOffset();
            // Inside a string (a member name or a value).
            if (message.contains("surrogate")) {
                // Jackson checks the surrogate pairs of escaped member names (not of values).
                return new SyntaxError(at, "unpaired surrogate escape in a member name");
            }
            if (message.contains("closing quote") || message.contains("in field name")) {
                return new SyntaxError(s.length(), "unterminated string");
            }
            if (message.contains("Illegal unquoted character")) {
                return new SyntaxError(at, "control character in a string; escape it");
            }
            if (message.contains("Unrecognized character escape")) {
                return new SyntaxError(at, "invalid escape \\" + s.charAt(at));
            }
            if (message.contains("in character escape sequence") && s.endsWith("\\")) {
                return new SyntaxError(s.length(), "unterminated escape");
            }
            if (message.contains("character escape sequence")) {
                // A \\u escape with fewer than four hex digits: the CLI names the digit that is not one, or the
                // escape itself when the line ends before four characters follow it.
                int u = at - 1;
                while (u > 0 && isHexDigit(s.charAt(u))) {
                    u--;
                }
                return new SyntaxError(u + 5 > s.length() ? u + 1 : at, "expected four hex digits after \\u");
            }
            return between();
        }

        /** Where the line goes wrong after the last token Jackson read (between tokens, or in a number). */
        private SyntaxError between() {
            int i = skipSpace(from);
            if (expect == Expect.COMMA_OR_END) {
                if (charAt(i) != ',') {
                    return new SyntaxError(i, "expected ',' or '}'");
                }
                i = skipSpace(i + 1);
            }
            if (charAt(i) != '"') {
                return new SyntaxError(i, "expected a member name in double quotes");
            }
            int name = i;
            i = skipSpace(endOfString(i));
            if (charAt(i) != ':') {
                return new SyntaxError(i, "expected ':' after the member name");
            }
            i = skipSpace(i + 1);
            if (i == s.length()) {
                return new SyntaxError(i, "unexpected end of line; expected a value");
            }
            if (charAt(i) == '-' || isDigit(i)) {
                return number(name, i);
            }
            for (String literal : new String[] {"true", "false", "null"}) {
                if (s.startsWith(literal, i)) {
                    // Jackson refuses "true7" as one token; the CLI has always read true, then a repeated name,
                    // then what follows.
                    return repeated(name).orElse(new SyntaxError(i + literal.length(), "expected ',' or '}'"));
                }
            }
            return new SyntaxError(i, "expected a value");
        }

        /** The error for the member name whose opening quote is at {@code quote}, if it was read before. */
        private Optional<SyntaxError> repeated(int quote) {
            try (JsonParser name = FACTORY.createParser(s.substring(quote, endOfString(quote)))) {
                name.nextToken();
                return members.containsKey(name.getText())
                        ? Optional.of(new SyntaxError(quote, "member \"" + name.getText() + "\" appears twice"))
                        : Optional.empty();
            } catch (IOException e) {
                // Jackson read this name whole before it refused the value.
                throw new UncheckedIOException(e);
            }
        }

        /** The error in the number starting at {@code i}, the value of the name at {@code name}, which Jackson refused. */
        private SyntaxError number(int name, int i) {
            if (charAt(i) == '-') {
                i++;
            }
            if (!isDigit(i)) {
                return new SyntaxError(i, "expected a digit");
            }
            if (charAt(i) == '0' && isDigit(i + 1)) {
                // Jackson refuses a leading zero; the CLI has always read 0, then a repeated name, then the digit.
                return repeated(name).orElse(new SyntaxError(i + 1, "expected ',' or '}'"));
            }
            i = digits(i);
            if (charAt(i) == '.') {
                if (!isDigit(i + 1)) {
                    return new SyntaxError(i + 1, "expected a digit after '.'");
                }
                i = digits(i + 1);
            }
            // What Jackson refused can only be the exponent now.
            i++;
            if (charAt(i) == '+' || charAt(i) == '-') {
                i++;
            }
            return new SyntaxError(i, "expected a digit in the exponent");
        }

        private static boolean isHexDigit(char c) {
            return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
        }

        private int digits(int i) {
            while (isDigit(i)) {
                i++;
            }
            return i;
        }

        private boolean isDigit(int i) {
            return charAt(i) >= '0' && charAt(i) <= '9';
        }

        /** The offset after the string whose opening quote is at {@code quote}, which Jackson read whole. */
        private int endOfString(int quote) {
            int i = quote + 1;
            while (i < s.length() && s.charAt(i) != '"') {
                i += s.charAt(i) == '\\' ? 2 : 1;
            }
            return Math.min(i + 1, s.length());
        }

        private int charAt(int i) {
            return i < s.length() ? s.charAt(i) : -1;
        }

        private int skipSpace(int i) {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\r'
                    || s.charAt(i) == '\n')) {
                i++;
            }
            return i;
        }
    }
}
