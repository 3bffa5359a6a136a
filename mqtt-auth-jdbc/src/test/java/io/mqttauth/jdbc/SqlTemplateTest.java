package io.mqttauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttauth.ConfigurationException;
import io.mqttauth.jdbc.SqlTemplate.Placeholder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Placeholders become bind parameters, never SQL text. */
class SqlTemplateTest {

    @Test
    void placeholdersBecomeQuestionMarksInOrder() {
        SqlTemplate t = SqlTemplate.parse("k", "SELECT x FROM t WHERE u = ${username} AND c = ${clientid} "
                + "AND h = ${peerhost} AND n = ${cert_common_name} AND u2 = ${username}");
        assertThat(t.sql()).isEqualTo("SELECT x FROM t WHERE u = ? AND c = ? AND h = ? AND n = ? AND u2 = ?");
        assertThat(t.placeholders()).containsExactly(Placeholder.USERNAME, Placeholder.CLIENTID,
                Placeholder.PEERHOST, Placeholder.CERT_COMMON_NAME, Placeholder.USERNAME);
    }

    @Test
    void quotedPlaceholdersLoseTheirQuotes() {
        assertThat(SqlTemplate.parse("k", "SELECT x FROM t WHERE u = '${username}'").sql())
                .isEqualTo("SELECT x FROM t WHERE u = ?");
        assertThat(SqlTemplate.parse("k", "SELECT x FROM t WHERE u = ${username}").placeholders())
                .isEqualTo(List.of(Placeholder.USERNAME));
    }

    @Test
    void aQuoteOnOneSideOnlyBelongsToTheSqlAndStays() {
        assertThat(SqlTemplate.parse("k", "SELECT x FROM t WHERE u = '${username} AND c = ${clientid}'").sql())
                .isEqualTo("SELECT x FROM t WHERE u = '? AND c = ?'");
    }

    @Test
    void placeholderNamesIgnoreCaseAndSurroundingSpace() {
        SqlTemplate t = SqlTemplate.parse("k", "SELECT x FROM t WHERE u = ${ UserName } AND h = ${PEERHOST}");
        assertThat(t.placeholders()).containsExactly(Placeholder.USERNAME, Placeholder.PEERHOST);
        assertThat(t.indexOf(Placeholder.PEERHOST)).isEqualTo(1);
        assertThat(t.indexOf(Placeholder.CLIENTID)).isEqualTo(-1);
    }

    @Test
    void anUnknownPlaceholderOrNoneAtAllFailsNamingTheKey() {
        assertThatThrownBy(() -> SqlTemplate.parse("jdbc.acl.query", "SELECT x FROM t WHERE u = ${user_name}"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("jdbc.acl.query: has an unknown placeholder ${user_name}")
                .hasMessageContaining("use ${username}, ${clientid}, ${peerhost} or ${cert_common_name}");
        assertThatThrownBy(() -> SqlTemplate.parse("jdbc.acl.query", "SELECT x FROM t"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("jdbc.acl.query: has no placeholder, so every client would get the same rows");
    }
}
