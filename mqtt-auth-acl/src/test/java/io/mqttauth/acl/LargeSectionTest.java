package io.mqttauth.acl;

import static io.mqttauth.acl.AclFixture.allowed;
import static io.mqttauth.acl.AclFixture.pub;
import static io.mqttauth.acl.AclFixture.reason;
import static io.mqttauth.acl.AclFixture.recv;
import static io.mqttauth.acl.AclFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.Authorizer;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A section larger than {@link AclRules#MERGE_LIMIT} stays a shared trie beside the client's own merged trie; both
 * must still decide, with Mosquitto's ranking across them (the user's deny before everything else).
 */
class LargeSectionTest {

    @Test
    void aLargeSharedSectionAndTheClientsOwnTrieDecideTogether(@TempDir Path dir) {
        StringBuilder acl = new StringBuilder("user big\n");
        for (int i = 0; i < AclRules.MERGE_LIMIT + 50; i++) {
            acl.append("topic read fleet/vehicle-").append(i).append("/#\n");
        }
        acl.append("topic deny fleet/vehicle-7/secret\n");
        acl.append("user small\ntopic read fleet/vehicle-1/#\n");
        acl.append("pattern write devices/%c/up\n");
        Authorizer a = AclFixture.authorizer(dir, acl.toString());
        Identity big = user("big", "c-big");
        assertThat(allowed(a.authorize(big, recv("fleet/vehicle-" + (AclRules.MERGE_LIMIT + 49) + "/gps")))).isTrue();
        assertThat(allowed(a.authorize(big, recv("fleet/vehicle-7/gps")))).isTrue();
        assertThat(reason(a.authorize(big, recv("fleet/vehicle-7/secret")))).isEqualTo(FailureReason.DENIED_BY_RULE);
        assertThat(allowed(a.authorize(big, pub("devices/c-big/up")))).isTrue();
        assertThat(reason(a.authorize(big, recv("fleet/other")))).isEqualTo(FailureReason.NO_MATCHING_RULE);
        Identity small = user("small", "c-small");
        assertThat(allowed(a.authorize(small, recv("fleet/vehicle-1/gps")))).isTrue();
        assertThat(allowed(a.authorize(small, recv("fleet/vehicle-2/gps")))).isFalse();
        assertThat(allowed(a.authorize(small, pub("devices/c-small/up")))).isTrue();
    }
}
