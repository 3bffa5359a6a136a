package io.mqttauth.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lines Mosquitto 2.0.11 refuses (and a few it would misread) are reported with file, line and a fix. */
class ParserProblemsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown keyword                 | topics read a               | unknown keyword "topics"       | start the line with topic
            keywords are case-sensitive     | Topic read a                | unknown keyword "Topic"        | lower case: write topic
            indented comment                | '  # comment'               | unknown keyword "#"            | first column
            tab between keyword and access  | 'topic\tread\ta'            | unknown keyword                | tab
            tab after the access word       | 'topic read\ta'             | a tab between "read"           | spaces
            unknown access word             | topic READ a                | unknown access "READ"          | read, write, readwrite or deny
            empty topic                     | topic                       | rule without a topic           | access word
            trailing comment                | topic read a/# # comment    | invalid topic filter           | trailing comments
            wildcard inside a level         | topic read a/b#             | invalid topic filter           | whole level
            hash not last                   | pattern read #/a            | invalid topic filter           | whole level
            user without a name             | 'user   '                   | user without a name            | user alice
            extended keyword in a Mosquitto file | 'allow publish a'      | unknown keyword "allow"        | extended
            byte-order mark                 | '\uFEFFtopic read a'        | unknown keyword                | byte-order mark
            """)
    void badMosquittoLinesAreReportedWithFileLineAndFix(String what, String line, String message, String fix) {
        String content = "# first line\n" + line.replace("\\t", "\t").replace("\\uFEFF", "\uFEFF") + "\n";
        ConfigurationProblem p = problemOf(content, "format", "mosquitto");
        assertThat(p.file()).isEqualTo(dir.resolve("acl"));
        assertThat(p.line()).isEqualTo(2);
        assertThat(p.message()).contains(message);
        assertThat(p.fix()).contains(fix);
    }

    @Test
    void tooManyLevelsAreRefusedAsMosquittoDoes() {
        ConfigurationProblem p = problemOf("topic read " + "a/".repeat(201) + "b\n");
        assertThat(p.message()).contains("invalid topic filter");
        assertThat(p.fix()).contains("200");
    }

    @Test
    void everyBadLineIsReportedNotOnlyTheFirst() {
        assertThatThrownBy(() -> AclFixture.provider(dir, "bogus\ntopic read a\nTopic b\n"))
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.problems()).extracting(ConfigurationProblem::line).containsExactly(1, 3));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            rule before a section       | allow publish a                       | before any section | everyone
            unknown action              | everyone\\nallow write a              | unknown action "write" | publish, subscribe
            missing topic               | everyone\\nallow publish              | without a topic | topic filter
            invalid topic               | everyone\\ndeny all a/#/b             | invalid topic filter | whole level
            unknown placeholder         | everyone\\nallow all a/${user}        | unknown placeholder ${user} | ${username}
            options on a non-publish rule | everyone\\nallow receive a max-qos=1 | not only for publish | publish alone
            unknown option              | everyone\\nallow publish a qos=1      | unknown option "qos=1" | max-qos
            bad address                 | address 10.0.0.300/8\\nallow all a    | not an IP address | CIDR
            Mosquitto syntax            | everyone\\ntopic read a               | Mosquitto syntax | allow or deny
            unclosed quote              | everyone\\nallow all "a b             | closing quote | close the quote
            """)
    void badExtendedLinesAreReported(String what, String content, String message, String fix) {
        ConfigurationProblem p = problemOf(content.replace("\\n", "\n") + "\n");
        assertThat(p.message()).contains(message);
        assertThat(p.fix()).contains(fix);
        assertThat(p.line()).isPositive();
    }

    @Test
    void unknownFormatKeyFailsFastNamingTheKey() {
        assertThatThrownBy(() -> AclFixture.provider(dir, "topic a\n", "format", "json"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("acl.format")
                .hasMessageContaining("mosquitto or extended");
        assertThatThrownBy(() -> AclFixture.provider(dir, "topic a\n", "subscribe", "all"))
                .hasMessageContaining("acl.subscribe").hasMessageContaining("covered or mosquitto");
    }

    @Test
    void missingFileFailsFast() {
        assertThatThrownBy(() -> new AclProviderFactory().create(io.mqttauth.spi.ProviderContext.of("acl",
                java.util.Map.of("path", "nope", "reload", "off"), dir)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("file not found");
    }

    private ConfigurationProblem problemOf(String content, String... keys) {
        try {
            AclFixture.provider(dir, content, keys);
        } catch (ConfigurationException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().get(0);
        }
        throw new AssertionError("expected a problem with: " + content);
    }
}
