package io.mqttauth.x509;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The mapping rules of {@code x509.cn-map.path}: one rule per line, a Java regular expression, white space, and a
 * template in which {@code $1}, {@code $2}, ... are the expression's groups ({@code $0} the whole value, {@code $$}
 * a dollar sign). A rule applies when its expression matches the whole value; the first rule that applies maps it.
 * Lines whose first non-blank character is {@code #} are comments. Immutable.
 */
final class NameMap {

    /** One part of a template: literal text, or a group number. */
    private sealed interface Part permits Text, Group {
    }

    private record Text(String text) implements Part {
    }

    private record Group(int number) implements Part {
    }

    /**
     * One rule.
     *
     * @param line the 1-based line
     * @param pattern the expression
     * @param parts the template
     */
    private record Rule(int line, Pattern pattern, List<Part> parts) {
    }

    /**
     * A mapped value.
     *
     * @param name the identity name
     * @param line the line of the rule that mapped it
     */
    record Mapped(String name, int line) {
    }

    private final Path file;
    private final List<Rule> rules;

    private NameMap(Path file, List<Rule> rules) {
        this.file = file;
        this.rules = List.copyOf(rules);
    }

    /** The file the rules came from. */
    Path file() {
        return file;
    }

    /** The first rule whose expression matches all of {@code value}, applied; empty if none does. */
    Optional<Mapped> map(String value) {
        for (Rule rule : rules) {
            Matcher m = rule.pattern().matcher(value);
            if (m.matches()) {
                StringBuilder sb = new StringBuilder();
                for (Part part : rule.parts()) {
                    if (part instanceof Text t) {
                        sb.append(t.text());
                    } else {
                        String group = m.group(((Group) part).number());
                        sb.append(group == null ? "" : group);
                    }
                }
                return Optional.of(new Mapped(sb.toString(), rule.line()));
            }
        }
        return Optional.empty();
    }

    /**
     * Parses a mapping file (UTF-8).
     *
     * @throws ConfigurationException listing every bad line with its number and the fix
     */
    static NameMap parse(Path file, byte[] content) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigurationException(ConfigurationProblem.atLine(file, 0, "is not UTF-8",
                    "save the file as UTF-8"));
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Rule> rules = new ArrayList<>();
        List<ConfigurationProblem> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = 0;
            while (space < line.length() && !Character.isWhitespace(line.charAt(space))) {
                space++;
            }
            if (space == line.length()) {
                problems.add(ConfigurationProblem.atLine(file, number, "a rule without a template",
                        "write a regular expression, white space, and the template, such as: ^(.*)\\.devices$ $1"));
                continue;
            }
            String regex = line.substring(0, space);
            String template = line.substring(space).strip();
            Pattern pattern;
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                problems.add(ConfigurationProblem.atLine(file, number, "the regular expression " + regex
                        + " is not valid: " + e.getDescription() + " at index " + e.getIndex(),
                        "fix the expression (Java syntax; write white space in it as \\s or \\x20)"));
                continue;
            }
            try {
                rules.add(new Rule(number, pattern, parts(template, pattern.matcher("").groupCount())));
            } catch (IllegalArgumentException e) {
                problems.add(ConfigurationProblem.atLine(file, number, e.getMessage(),
                        "refer to groups as $1, $2, ... (the expression has "
                                + pattern.matcher("").groupCount() + "); write a dollar sign as $$"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new NameMap(file, rules);
    }

    private static List<Part> parts(String template, int groups) {
        List<Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '$') {
                text.append(c);
                continue;
            }
            if (i + 1 < template.length() && template.charAt(i + 1) == '$') {
                text.append('$');
                i++;
                continue;
            }
            int end = i + 1;
            while (end < template.length() && template.charAt(end) >= '0' && template.charAt(end) <= '9') {
                end++;
            }
            if (end == i + 1) {
                throw new IllegalArgumentException("the template " + template + " has a $ without a group number");
            }
            int number;
            try {
                number = Integer.parseInt(template.substring(i + 1, end));
            } catch (NumberFormatException e) {
                number = Integer.MAX_VALUE;
            }
            if (number > groups) {
                throw new IllegalArgumentException("the template " + template + " refers to group $"
                        + template.substring(i + 1, end) + ", which the expression does not have");
            }
            if (!text.isEmpty()) {
                parts.add(new Text(text.toString()));
                text.setLength(0);
            }
            parts.add(new Group(number));
            i = end - 1;
        }
        if (!text.isEmpty()) {
            parts.add(new Text(text.toString()));
        }
        return parts;
    }
}
