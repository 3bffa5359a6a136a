package io.mqttauth.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java in the docs keeps compiling, and docs/testing.md's example works when copied as the page says.
 *
 * <p>Every {@code ```java} block of {@code docs/*.md} and {@code README.md} is compiled with {@code javax.tools}
 * against this module's test class path (the library, the testkit, the password-file and ACL providers and the two
 * broker examples):
 * <ul>
 *   <li>a block with a {@code package}, an {@code import} or a type declaration at the start of a line is a complete
 *       compilation unit, compiled as written;</li>
 *   <li>any other block is statements, compiled as the body of a method that may throw, in a class that imports
 *       {@code io.mqttauth.*}, {@code java.nio.file.*}, {@code java.time.*}, {@code java.util.*} and
 *       {@code java.util.concurrent.*};</li>
 *   <li>what such a block uses without showing (the broker's own variables and methods, the imports of a broker's
 *       classes) is given right before the block, in the markdown, in an HTML comment starting with
 *       {@code <!-- java snippet context}: its {@code import} lines go to the top, the rest into the class.</li>
 * </ul>
 */
class DocsSnippetsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path SELF = Path.of("").toAbsolutePath();

    private static final String IMPORTS = """
            import io.mqttauth.*;
            import java.nio.file.*;
            import java.time.*;
            import java.util.*;
            import java.util.concurrent.*;
            """;
    private static final Pattern UNIT = Pattern.compile(
            "^(package |import |(public |abstract |final )*(class|interface|record|enum) )", Pattern.MULTILINE);
    private static final Pattern TYPE = Pattern.compile(
            "^(?:public |abstract |final )*(?:class|interface|record|enum) (\\w+)", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([\\w.-]+)</artifactId>");
    private static final Pattern PATH_CAPTION = Pattern.compile("(?:\\A|\\n\\n)`([\\w./-]+)`[^\\n]*(?:\\n[^\\n]+)*\\z");

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyJavaSnippetCompiles() throws IOException {
        List<Snippet> java = new ArrayList<>();
        for (Path md : markdown()) {
            Snippet.read(ROOT, md).stream().filter(s -> s.language().equals("java")).forEach(java::add);
        }
        assertThat(java).as("Java snippets in docs/*.md and README.md").hasSizeGreaterThanOrEqualTo(9);
        return java.stream().map(s -> DynamicTest.dynamicTest(s.toString(), () -> {
            Source source = source(s);
            List<String> errors = compile(source, System.getProperty("java.class.path"),
                    Files.createTempDirectory(tmp, "classes"));
            assertThat(errors).as("%s does not compile:\n%s", s, source.text()).isEmpty();
        }));
    }

    /**
     * docs/testing.md as a new user follows it: the dependencies of its Maven snippet (and nothing else of
     * mqtt-auth) on the class path, its configuration files where its captions say, its test class compiled and run
     * with JUnit in a JVM of its own, from the project folder.
     */
    @Test
    void theTestingPageExampleRunsWithTheDependenciesItLists() throws Exception {
        List<Snippet> page = Snippet.read(ROOT, Path.of("docs/testing.md"));
        Snippet pom = page.stream().filter(s -> s.language().equals("xml")).findFirst().orElseThrow();
        Set<String> artifacts = ARTIFACT.matcher(pom.code()).results().map(m -> m.group(1))
                .collect(Collectors.toSet());
        String classPath = classPathWith(artifacts);

        Path project = tmp.resolve("project");
        List<Path> tests = new ArrayList<>();
        for (Snippet s : page) {
            Matcher caption = PATH_CAPTION.matcher(s.before());
            if (caption.find()) {
                Path file = project.resolve(caption.group(1));
                Files.createDirectories(file.getParent());
                Files.writeString(file, s.code(), StandardCharsets.UTF_8);
                if (file.toString().endsWith("Test.java")) {
                    tests.add(file);
                }
            }
        }
        assertThat(project.resolve("src/test/resources/auth")).isDirectoryContaining("glob:**/mqtt-auth.properties")
                .isDirectoryContaining("glob:**/passwd").isDirectoryContaining("glob:**/acl");
        assertThat(tests).as("the example's test class").hasSize(1);
        Source test = new Source(tests.get(0).toUri(), Files.readString(tests.get(0)), 0);
        Path classes = Files.createDirectories(project.resolve("target/test-classes"));
        assertThat(compile(test, classPath, classes)).as("the example compiles").isEmpty();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String testClass = PACKAGE.matcher(test.text()).results().findFirst().orElseThrow().group(1) + "."
                + TYPE.matcher(test.text()).results().findFirst().orElseThrow().group(1);
        Process run = new ProcessBuilder(java, "-cp", classes + File.pathSeparator + classPath,
                RunDocsExample.class.getName(), testClass)
                .directory(project.toFile()).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as("the example's tests with %s:\n%s", artifacts, output).isZero();
        assertThat(output).contains("3 tests successful");
    }

    /** docs/*.md and README.md, relative to the project's root folder. */
    private static List<Path> markdown() throws IOException {
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            List<Path> all = new ArrayList<>(docs.filter(p -> p.toString().endsWith(".md")).sorted()
                    .map(ROOT::relativize).toList());
            all.add(Path.of("README.md"));
            return all;
        }
    }

    /**
     * This test's class path without the mqtt-auth modules {@code artifacts} does not name, except mqtt-auth-api,
     * which mqtt-auth-testkit depends on. Other libraries stay: they are only found through the modules that name them.
     */
    private static String classPathWith(Set<String> artifacts) {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator)).filter(entry -> {
            String module = moduleOf(Path.of(entry).toAbsolutePath());
            return module == null || module.equals("mqtt-auth-api") || artifacts.contains(module);
        }).collect(Collectors.joining(File.pathSeparator));
    }

    /** The mqtt-auth module a class path entry comes from (its folder in this build), or {@code null}. */
    private static String moduleOf(Path entry) {
        if (entry.startsWith(ROOT) && !entry.startsWith(SELF)) {
            String relative = ROOT.relativize(entry).toString().replace(File.separatorChar, '/');
            return relative.substring(0, Math.max(0, relative.indexOf("/target")));
        }
        String path = entry.toString().replace(File.separatorChar, '/');
        int at = path.indexOf("/io/mqttauth/");
        return at < 0 ? null : path.substring(at + "/io/mqttauth/".length()).split("/")[0];
    }

    /** A snippet as Java source: as written if it is a compilation unit, else wrapped in a class. */
    private static Source source(Snippet s) {
        String code = s.code();
        String name = "Snippet_" + s.file().getFileName().toString().replaceAll("\\W", "_") + "_" + s.line();
        URI uri = URI.create("string:///" + name + ".java");
        if (UNIT.matcher(code).find()) {
            String type = TYPE.matcher(code).results().findFirst().map(m -> m.group(1)).orElse(name);
            String pkg = PACKAGE.matcher(code).results().findFirst().map(m -> m.group(1).replace('.', '/') + "/")
                    .orElse("");
            return new Source(URI.create("string:///" + pkg + type + ".java"), code, s.line());
        }
        StringBuilder imports = new StringBuilder(IMPORTS);
        StringBuilder members = new StringBuilder();
        for (String line : s.context().lines().toList()) {
            (line.startsWith("import ") ? imports : members).append(line).append('\n');
        }
        String head = imports + "abstract class " + name + " {\n" + members + "void snippet() throws Exception {\n";
        return new Source(uri, head + code + "}\n}\n", s.line() - (int) head.lines().count());
    }

    /** Compiles {@code source}; the errors, with their line in the markdown. */
    private static List<String> compile(Source source, String classPath, Path classes) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        javac.getTask(null, null, diagnostics, List.of("-classpath", classPath, "-d", classes.toString(), "-proc:none"),
                null, List.of(source)).call();
        return diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> "line " + (d.getLineNumber() + source.offset()) + ": " + d.getMessage(Locale.ROOT)).toList();
    }

    /** Java source in memory; {@code offset} turns its line numbers into the markdown's. */
    private static final class Source extends SimpleJavaFileObject {
        private final String text;
        private final int offset;

        Source(URI uri, String text, int offset) {
            super(uri, Kind.SOURCE);
            this.text = text;
            this.offset = offset;
        }

        String text() {
            return text;
        }

        int offset() {
            return offset;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
