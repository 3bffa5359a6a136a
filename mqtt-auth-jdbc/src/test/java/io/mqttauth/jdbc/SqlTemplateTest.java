package io.mqttauth.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

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
}
