package io.mqttauth.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fenced code block of a markdown file, with where it is and the paragraph or comment just before it.
 *
 * @param file the markdown file, relative to the project's root folder
 * @param line the 1-based line of the opening fence
 * @param language what follows the opening fence ({@code java}, {@code xml}, or empty)
 * @param before the text between the previous block (or the start) and this one, trimmed
 * @param code the block's text, without the fences
 */
record Snippet(Path file, int line, String language, String before, String code) {

    private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\n(.*?)^```$", Pattern.MULTILINE | Pattern.DOTALL);

    /** The start of an HTML comment that gives a Java snippet what it uses but does not show. */
    static final String CONTEXT = "<!-- java snippet context";

    /** Every fenced block of {@code file} (relative to {@code root}), in order. */
    static List<Snippet> read(Path root, Path file) throws IOException {
        String text = Files.readString(root.resolve(file), StandardCharsets.UTF_8);
        List<Snippet> snippets = new ArrayList<>();
        Matcher m = FENCE.matcher(text);
        int previousEnd = 0;
        while (m.find()) {
            int line = (int) text.substring(0, m.start()).lines().count() + 1;
            snippets.add(new Snippet(file, line, m.group(1), text.substring(previousEnd, m.start()).strip(),
                    m.group(2)));
            previousEnd = m.end();
        }
        return snippets;
    }

    /**
     * The Java the snippet uses without showing it (the broker's own variables and methods, imports of the broker it
     * is about): the body of a {@code <!-- java snippet context ... -->} comment right before the block, or empty.
     */
    String context() {
        int at = before.lastIndexOf(CONTEXT);
        if (at < 0 || !before.endsWith("-->")) {
            return "";
        }
        String body = before.substring(at + CONTEXT.length(), before.length() - "-->".length());
        return body.substring(body.indexOf('\n') + 1);
    }

    /** Where the snippet is, as {@code docs/brokers.md:93}. */
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
