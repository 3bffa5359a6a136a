package io.mqttauth.testkit.sample;

import io.mqttauth.Action;
import io.mqttauth.AuthenticationResult;
import io.mqttauth.AuthorizationResult;
import io.mqttauth.Authenticator;
import io.mqttauth.Authorizer;
import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.Identity;
import io.mqttauth.Topics;
import io.mqttauth.spi.Provider;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ProviderFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A small provider, named {@code sample}, that exercises the test kit the way a third-party provider would: users
 * with plain-text passwords ({@code sample.users}: {@code name:password} lines) and topic rules ({@code sample.rules}:
 * {@code name publish|subscribe|receive filter} lines). For tests only: real password files store hashes.
 */
public final class SampleProviderFactory implements ProviderFactory {

    private static final byte[] NO_PASSWORD = new byte[32];

    /** One rule: who may do what on which filter, and its line. */
    private record Rule(String name, Action.Type type, String filter, int line) {
    }

    @Override
    public String name() {
        return "sample";
    }

    @Override
    public Set<String> keys() {
        return Set.of("users", "rules");
    }

    @Override
    public Provider create(ProviderContext context) {
        Map<String, byte[]> users = new HashMap<>();
        List<Rule> rules = new ArrayList<>();
        Optional<Path> usersFile = context.path("users");
        Optional<Path> rulesFile = context.path("rules");
        List<ConfigurationProblem> problems = new ArrayList<>();
        if (usersFile.isPresent()) {
            List<String> lines = read(usersFile.get());
            for (int i = 0; i < lines.size(); i++) {
                int colon = lines.get(i).indexOf(':');
                if (colon <= 0) {
                    problems.add(ConfigurationProblem.atLine(usersFile.get(), i + 1, "expected name:password",
                            "write one user per line as name:password"));
                } else {
                    users.put(lines.get(i).substring(0, colon),
                            lines.get(i).substring(colon + 1).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        if (rulesFile.isPresent()) {
            List<String> lines = read(rulesFile.get());
            for (int i = 0; i < lines.size(); i++) {
                String[] parts = lines.get(i).trim().split("\\s+");
                if (parts.length != 3 || !Topics.isValidFilter(parts[2])
                        || !Set.of("publish", "subscribe", "receive").contains(parts[1])) {
                    problems.add(ConfigurationProblem.atLine(rulesFile.get(), i + 1, "expected: name action filter",
                            "write e.g. alice publish lab/#"));
                } else {
                    rules.add(new Rule(parts[0], Action.Type.valueOf(parts[1].toUpperCase(Locale.ROOT)), parts[2],
                            i + 1));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        Authenticator authenticator = request -> authenticate(Map.copyOf(users), request);
        Authorizer authorizer = (identity, action) -> authorize(List.copyOf(rules), identity, action);
        return new Provider() {
            @Override
            public Optional<Authenticator> authenticator() {
                return usersFile.map(f -> authenticator);
            }

            @Override
            public Optional<Authorizer> authorizer() {
                return rulesFile.map(f -> authorizer);
            }
        };
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new ConfigurationException(new ConfigurationProblem(file, 0, null, "cannot read: " + e,
                    "check the path"));
        }
    }

    private static AuthenticationResult authenticate(Map<String, byte[]> users, ConnectRequest request) {
        String username = request.username().orElse(null);
        if (username == null) {
            return AuthenticationResult.notApplicable("no user name");
        }
        byte[] expected = users.get(username);
        byte[] given = request.password().orElse(null);
        if (given == null) {
            return expected == null ? AuthenticationResult.unknown(FailureReason.NO_CREDENTIALS_FOUND, "no such user")
                    : AuthenticationResult.refuse(FailureReason.NO_PASSWORD, "user exists; no password sent");
        }
        boolean equal = MessageDigest.isEqual(expected == null ? NO_PASSWORD : expected, given);
        ConnectRequest.clear(given);
        if (expected == null) {
            return AuthenticationResult.unknown(FailureReason.NO_CREDENTIALS_FOUND, "no such user");
        }
        return equal
                ? AuthenticationResult.success(Identity.builder(username, request).build(), "password matches")
                : AuthenticationResult.refuse(FailureReason.PASSWORD_MISMATCH, "user exists; the password differs");
    }

    private static AuthorizationResult authorize(List<Rule> rules, Identity identity, Action action) {
        boolean subscribe = action.type() == Action.Type.SUBSCRIBE;
        if (subscribe ? !Topics.isValidFilter(action.topic()) : !Topics.isValidTopicName(action.topic())) {
            return AuthorizationResult.deny(FailureReason.INVALID_TOPIC, "not a valid topic");
        }
        for (Rule rule : rules) {
            if (rule.name().equals(identity.name()) && rule.type() == action.type()
                    && (subscribe ? Topics.covers(rule.filter(), action.topic())
                            : Topics.matches(rule.filter(), action.topic()))) {
                return AuthorizationResult.allow("rule at line " + rule.line());
            }
        }
        return AuthorizationResult.abstain("no rule for " + identity.name());
    }
}
