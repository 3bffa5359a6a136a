package io.mqttauth.acl;

import static io.mqttauth.acl.AclFixture.allowed;
import static io.mqttauth.acl.AclFixture.reason;
import static io.mqttauth.acl.AclFixture.sub;
import static io.mqttauth.acl.AclFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.AuthorizationResult;
import io.mqttauth.Authorizer;
import io.mqttauth.FailureReason;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SUBSCRIBE in the Mosquitto format. {@code covered} (default): granted when one read rule covers every topic the
 * filter can match and no deny that ranks before it overlaps the filter. {@code mosquitto}: every valid filter.
 */
class SubscribeTest {

    static final String ACL = """
            user u
            topic read news/#
            topic deny news/internal/#
            topic read lab/+/status
            topic write up/#
            topic read $SYS/broker/#
            user v
            topic readwrite #
            pattern read mail/%u/#
            pattern deny mail/v/secret
            """;

    @TempDir
    static Path dir;
    static Authorizer covered;
    static Authorizer mosquitto;

    @BeforeAll
    static void load() {
        covered = AclFixture.authorizer(dir, ACL);
        mosquitto = AclFixture.authorizer(dir, ACL, "subscribe", "mosquitto");
    }

    @ParameterizedTest(name = "{0} subscribes {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            u | news/a            | ALLOW
            u | news/+            | DENIED_BY_RULE
            u | news/#            | DENIED_BY_RULE
            u | news/internal/x   | DENIED_BY_RULE
            u | news/public/+     | ALLOW
            u | lab/+/status      | ALLOW
            u | lab/x/status      | ALLOW
            u | lab/#             | NO_MATCHING_RULE
            u | lab/+/+           | NO_MATCHING_RULE
            u | up/x              | NO_MATCHING_RULE
            u | $SYS/broker/load  | ALLOW
            u | $SYS/#            | NO_MATCHING_RULE
            u | #                 | DENIED_BY_RULE
            u | +/internal/x      | DENIED_BY_RULE
            v | #                 | ALLOW
            v | $SYS/#            | NO_MATCHING_RULE
            v | mail/v/secret     | ALLOW
            w | mail/w/x          | ALLOW
            w | mail/w/#          | ALLOW
            w | mail/+/x          | NO_MATCHING_RULE
            """)
    void coveredMode(String who, String filter, String expected) {
        AuthorizationResult r = covered.authorize(user(who, "c"), sub(filter));
        if (expected.equals("ALLOW")) {
            assertThat(allowed(r)).as(r.toString()).isTrue();
        } else {
            assertThat(reason(r)).as(r.toString()).isEqualTo(FailureReason.valueOf(expected));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"news/#", "#", "$SYS/#", "nothing/+", "$share/g/x"})
    void mosquittoModeGrantsEveryValidFilter(String filter) {
        assertThat(allowed(mosquitto.authorize(user("x", "c"), sub(filter)))).isTrue();
        assertThat(reason(mosquitto.authorize(user("x", "c"), sub(filter + "/#/x"))))
                .isEqualTo(FailureReason.INVALID_TOPIC);
    }
}
