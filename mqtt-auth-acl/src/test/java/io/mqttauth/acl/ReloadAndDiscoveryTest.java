package io.mqttauth.acl;

import static io.mqttauth.acl.AclFixture.allowed;
import static io.mqttauth.acl.AclFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqttauth.Authorizer;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderFactory;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reload swaps the rules whole, a broken file keeps the last good rules, ServiceLoader finds the provider, and its
 * authorizer never blocks.
 */
class ReloadAndDiscoveryTest {

    @TempDir
    Path dir;

    @Test
    void reloadSwapsRulesAndABrokenFileKeepsTheLastGoodOnes() {
        try (Provider p = AclFixture.provider(dir, "user u\ntopic read a\n")) {
            Authorizer acl = p.authorizer().orElseThrow();
            assertThat(allowed(acl.authorize(user("u", "k"), AclFixture.recv("a")))).isTrue();

            AclFixture.write(dir.resolve("acl"), "user u\ntopic read b\n");
            assertThat(p.reload()).isEmpty();
            assertThat(allowed(acl.authorize(user("u", "k"), AclFixture.recv("a")))).isFalse();
            assertThat(allowed(acl.authorize(user("u", "k"), AclFixture.recv("b")))).isTrue();

            AclFixture.write(dir.resolve("acl"), "user u\ntopic read c\n  # indented comment\n");
            assertThat(p.reload()).singleElement().satisfies(problem -> {
                assertThat(problem.file()).isEqualTo(dir.resolve("acl"));
                assertThat(problem.line()).isEqualTo(3);
            });
            assertThat(p.problems()).extracting(ConfigurationProblem::line).containsExactly(3);
            assertThat(allowed(acl.authorize(user("u", "k"), AclFixture.recv("b")))).isTrue();
            assertThat(allowed(acl.authorize(user("u", "k"), AclFixture.recv("c")))).isFalse();

            AclFixture.write(dir.resolve("acl"), "user u\ntopic read c\n");
            assertThat(p.reload()).isEmpty();
            assertThat(p.problems()).isEmpty();
            assertThat(allowed(acl.authorize(user("u", "k"), AclFixture.recv("c")))).isTrue();
        }
    }

    @Test
    void theAuthorizerAnswersFromMemorySoItNeverBlocks() {
        try (Provider p = AclFixture.provider(dir, "topic read a\n")) {
            assertThat(p.authorizer().orElseThrow().mayBlock()).isFalse();
        }
    }

    @Test
    void serviceLoaderFindsTheAclFactory() {
        assertThat(ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("acl")).toList())
                .singleElement().isInstanceOf(AclProviderFactory.class)
                .satisfies(f -> assertThat(f.keys()).contains("path", "format", "subscribe", "no-match", "reload",
                        "cache.size"));
    }
}
