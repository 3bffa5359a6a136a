package io.mqttauth.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttauth.ConfigurationException;
import io.mqttauth.Identity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-client rule cache is bounded by an approximate byte budget ({@code acl.cache.memory}) as well as by clients
 * ({@code acl.cache.size}), under a flood of clients with 64 KiB client ids and user names substituted into patterns.
 */
class CacheMemoryTest {

    private static final String HUGE = "x".repeat(64 * 1024);
    /** A client id that still fits, substituted, into a valid topic filter (at most 65,535 bytes). */
    private static final String LONG = "c".repeat(32 * 1024);
    private static final String ACL = """
            pattern readwrite devices/%c/#
            pattern read users/%u/#
            user alice
            topic read news/#
            """;

    private static AclRules rules(long size, long memory) {
        Path file = Path.of("acl");
        AclParser.Parsed parsed = AclParser.parse(file, ACL.getBytes(StandardCharsets.UTF_8), null);
        return new AclRules(file, parsed, false, size, memory);
    }

    @Test
    void staysWithinItsByteBudgetUnderAFloodOfClientsWith64KiBNames() {
        long budget = 1L << 20;
        AclRules acl = rules(100_000, budget);
        for (int i = 0; i < 1_000; i++) {
            Identity identity = AclFixture.user(i + HUGE, i + LONG);
            ClientRules client = acl.forClient(identity);
            assertThat(client.weight).isGreaterThan(2 * (HUGE.length() + LONG.length()));
            assertThat(client.match("devices/" + i + LONG + "/t", Rule.PUBLISH, 0, false)).isNotNull();
            assertThat(acl.weightedSize()).isLessThanOrEqualTo(budget);
        }
        assertThat(acl.cachedClients()).isBetween(1L, 10L);
    }

    @Test
    void aBudgetUnder64KiBNamesTheKeyAndTheFix(@TempDir Path dir) {
        assertThatThrownBy(() -> AclFixture.provider(dir, ACL, "cache.memory", "1KiB"))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.key()).isEqualTo("acl.cache.memory");
                            assertThat(p.fix()).startsWith("write a number of bytes from 65536");
                        }));
    }

    @Test
    void ordinaryClientsAreBoundedByTheirNumber() {
        AclRules acl = rules(100, 64L << 20);
        for (int i = 0; i < 1_000; i++) {
            acl.forClient(AclFixture.user("user-" + i, "client-" + i));
        }
        assertThat(acl.cachedClients()).isBetween(1L, 100L);
        assertThat(acl.weightedSize()).isLessThanOrEqualTo(64L << 20);
    }

    @Test
    void anEntryWeighsAboutTheBytesOfTheNamesItHolds() {
        AclRules acl = rules(100_000, 64L << 20);
        int small = acl.resolve(AclFixture.user("alice", "c1")).weight;
        int large = acl.resolve(AclFixture.user("alice", LONG)).weight;
        // The client id is held in the identity, the substituted filter, its trie levels and the no-match detail.
        assertThat(large - small).isBetween(2 * 3 * LONG.length(), 2 * 8 * LONG.length());
    }
}
