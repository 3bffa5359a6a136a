package io.mqttauth.sample;

import io.mqttauth.AuthenticationResult;
import io.mqttauth.AuthorizationResult;
import io.mqttauth.Authenticator;
import io.mqttauth.Authorizer;
import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.Topics;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ProviderFactory;
import io.mqttauth.spi.ReloadPolicy;
import io.mqttauth.spi.WatchedFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A test provider named {@code sample}: {@code sample.path} names a file of user names, one a line (a line with a
 * space is an error). It authenticates users in the file (no password check) and lets each publish and subscribe
 * under {@code <user>/#} (unless {@code sample.authorize = false}).
 */
public final class SampleProviderFactory implements ProviderFactory {

    /** The last context a sample provider was created with, for tests that poke the engine through it. */
    public static volatile ProviderContext lastContext;

    @Override
    public String name() {
        return "sample";
    }

    @Override
    public Set<String> keys() {
        return Set.of("authorize", "path", "reload", "role");
    }

    @Override
    public Provider create(ProviderContext context) {
        lastContext = context;
        Path path = context.requirePath("path", "set sample.path to a file of user names");
        ReloadPolicy policy = ReloadPolicy.parse(context.fullKey("reload"), context.get("reload").orElse("off"));
        String role = context.get("role").orElse("user");
        boolean authorizes = context.bool("authorize", true);
        WatchedFile<Set<String>> users = WatchedFile.load(path, SampleProviderFactory::parse, policy, context);
        Authenticator authenticator = request -> {
            String user = request.username().orElse(null);
            if (user == null) {
                return AuthenticationResult.notApplicable("no user name");
            }
            if (!users.current().contains(user)) {
                return AuthenticationResult.unknown(FailureReason.NO_CREDENTIALS_FOUND,
                        "user \"" + user + "\" not in " + path.getFileName());
            }
            return AuthenticationResult.success(Identity.builder(user, request).roles(Set.of(role)).build(),
                    "user \"" + user + "\" found in " + path.getFileName());
        };
        Authorizer authorizer = (identity, action) -> Topics.matches(identity.name() + "/#", action.topic())
                || Topics.covers(identity.name() + "/#", action.topic())
                ? AuthorizationResult.allow("own tree " + identity.name() + "/#")
                : AuthorizationResult.abstain("not under " + identity.name() + "/#");
        return new Provider() {
            @Override
            public Optional<Authenticator> authenticator() {
                return Optional.of(authenticator);
            }

            @Override
            public Optional<Authorizer> authorizer() {
                return authorizes ? Optional.of(authorizer) : Optional.empty();
            }

            @Override
            public List<ConfigurationProblem> reload() {
                return users.reload();
            }

            @Override
            public List<ConfigurationProblem> problems() {
                return users.problems();
            }

            @Override
            public void close() {
                users.close();
            }
        };
    }

    static Set<String> parse(Path file, byte[] content) {
        List<ConfigurationProblem> problems = new ArrayList<>();
        Set<String> names = new java.util.LinkedHashSet<>();
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.contains(" ")) {
                problems.add(ConfigurationProblem.atLine(file, i + 1, "a user name has no spaces", "remove the space"));
            } else {
                names.add(line);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return Set.copyOf(names);
    }
}
