package io.mqttauth.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON the CLI needs: writing objects of strings, numbers, booleans and arrays of strings or objects
 * (ASCII only, every other character escaped, so the output reads the same in any terminal encoding) and reading
 * flat JSON Lines objects whose values are strings, numbers, booleans or {@code null}.
 */
final class Json {

    private Json() {
    }

    /** A value read from a flat object: its kind and its text (the decoded string, or the literal as written). */
    record Value(Kind kind, String text) {
        /** The kinds of value a flat object may hold. */
        enum Kind { STRING, NUMBER, BOOLEAN, NULL }
    }

    /** Malformed input, with the 1-based column where reading stopped. */
    static final class SyntaxError extends Exception {
        SyntaxError(int column, String message) {
            super("column " + column + ": " + message);
        }
    }

    /** Builds one flat JSON object; members keep their insertion order. */
    static final class ObjectWriter {
        private final StringBuilder sb = new StringBuilder(256).append('{');

        /** Adds a string member; a {@code null} value writes {@code null}. */
        ObjectWriter string(String name, String value) {
            key(name);
            if (value == null) {
                sb.append("null");
            } else {
                quote(sb, value);
            }
            return this;
        }

        /** Adds a number member. */
        ObjectWriter number(String name, long value) {
            key(name);
            sb.append(value);
            return this;
        }

        /** Adds a boolean member. */
        ObjectWriter bool(String name, boolean value) {
            key(name);
            sb.append(value);
            return this;
        }

        /** Adds an array member of objects, in list order. */
        ObjectWriter objects(String name, List<ObjectWriter> values) {
            key(name);
            sb.append('[');
            for (int i = 0; i < values.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(values.get(i));
            }
            sb.append(']');
            return this;
        }

        /** Adds an array member of strings, in list order. */
        ObjectWriter strings(String name, List<String> values) {
            key(name);
            sb.append('[');
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                quote(sb, values.get(i));
            }
            sb.append(']');
            return this;
        }

        private void key(String name) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            quote(sb, name);
            sb.append(':');
        }

        @Override
        public String toString() {
            return sb + "}";
        }
    }

    /** Appends {@code s} as a JSON string: quotes, backslashes, control and non-ASCII characters escaped. */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7E) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /**
     * Reads one line holding exactly one flat JSON object.
     *
     * @throws SyntaxError naming the column and what was expected, for malformed JSON, nested values or a repeated
     *     member name
     */
    static Map<String, Value> readObject(String line) throws SyntaxError {
        return new Reader(line).object();
    }

    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        Map<String, Value> object() throws SyntaxError {
            Map<String, Value> members = new LinkedHashMap<>();
            skipSpace();
            expect('{', "a JSON object starting with '{'");
            skipSpace();
            if (peek() == '}') {
                i++;
            } else {
                while (true) {
                    skipSpace();
                    if (peek() != '"') {
                        throw error("expected a member name in double quotes");
                    }
                    int nameAt = i;
                    String name = string();
                    skipSpace();
                    expect(':', "':' after the member name");
                    skipSpace();
                    Value value = value();
                    if (members.put(name, value) != null) {
                        throw new SyntaxError(nameAt + 1, "member \"" + name + "\" appears twice");
                    }
                    skipSpace();
                    if (peek() == ',') {
                        i++;
                    } else if (peek() == '}') {
                        i++;
                        break;
                    } else {
                        throw error("expected ',' or '}'");
                    }
                }
            }
            skipSpace();
            if (i < s.length()) {
                throw error("unexpected text after the object");
            }
            return members;
        }

        private Value value() throws SyntaxError {
            int c = peek();
            if (c == '"') {
                return new Value(Value.Kind.STRING, string());
            }
            if (c == '{' || c == '[') {
                throw error("nested objects and arrays are not supported; use strings, numbers, booleans or null");
            }
            if (c == '-' || c >= '0' && c <= '9') {
                return new Value(Value.Kind.NUMBER, number());
            }
            for (String literal : new String[] {"true", "false", "null"}) {
                if (s.startsWith(literal, i)) {
                    i += literal.length();
                    return new Value(literal.equals("null") ? Value.Kind.NULL : Value.Kind.BOOLEAN, literal);
                }
            }
            throw error(c < 0 ? "unexpected end of line; expected a value" : "expected a value");
        }

        private String number() throws SyntaxError {
            int start = i;
            if (peek() == '-') {
                i++;
            }
            if (peek() == '0') {
                i++;
            } else if (!digits()) {
                throw error("expected a digit");
            }
            if (peek() == '.') {
                i++;
                if (!digits()) {
                    throw error("expected a digit after '.'");
                }
            }
            if (peek() == 'e' || peek() == 'E') {
                i++;
                if (peek() == '+' || peek() == '-') {
                    i++;
                }
                if (!digits()) {
                    throw error("expected a digit in the exponent");
                }
            }
            return s.substring(start, i);
        }

        private boolean digits() {
            int start = i;
            while (peek() >= '0' && peek() <= '9') {
                i++;
            }
            return i > start;
        }

        private String string() throws SyntaxError {
            i++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    i--;
                    throw error("control character in a string; escape it");
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    throw error("unterminated escape");
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> sb.append(hex4());
                    default -> {
                        i--;
                        throw error("invalid escape \\" + e);
                    }
                }
            }
        }

        private char hex4() throws SyntaxError {
            if (i + 4 > s.length()) {
                throw error("expected four hex digits after \\u");
            }
            int v = 0;
            for (int k = 0; k < 4; k++) {
                int d = Character.digit(s.charAt(i), 16);
                if (d < 0) {
                    throw error("expected four hex digits after \\u");
                }
                v = v * 16 + d;
                i++;
            }
            return (char) v;
        }

        private void expect(char c, String what) throws SyntaxError {
            if (peek() != c) {
                throw error("expected " + what);
            }
            i++;
        }

        private int peek() {
            return i < s.length() ? s.charAt(i) : -1;
        }

        private void skipSpace() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                    return;
                }
                i++;
            }
        }

        private SyntaxError error(String message) {
            return new SyntaxError(i + 1, message);
        }
    }
}
