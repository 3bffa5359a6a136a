package io.mqttauth.internal;

import io.mqttauth.ConfigurationException;
import io.mqttauth.ConfigurationProblem;
import io.mqttauth.ConnectRequest;
import io.mqttauth.SafeText;
import io.mqttauth.spi.AddressRange;
import io.mqttauth.spi.ProviderContext;
import io.mqttauth.spi.ReloadPolicy;
import io.mqttauth.spi.WatchedFile;
import jakarta.annotation.Nullable;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed ban list. One entry per line: {@code clientid <id>}, {@code username <name>} or {@code address <ip or
 * cidr>}; the value is the rest of the line after one space. Blank lines and lines starting with {@code #} are skipped.
 */
public final class BanList {

    private final Map<String, Integer> clientIds;
    private final Map<String, Integer> usernames;
    private final List<AddressRange> ranges;
    private final List<Integer> rangeLines;

    private BanList(Map<String, Integer> clientIds, Map<String, Integer> usernames, List<AddressRange> ranges,
            List<Integer> rangeLines) {
        this.clientIds = Map.copyOf(clientIds);
        this.usernames = Map.copyOf(usernames);
        this.ranges = List.copyOf(ranges);
        this.rangeLines = List.copyOf(rangeLines);
    }

    /** Loads and watches a ban list file. */
    public static WatchedFile<BanList> load(Path file, String reload, Clock clock, Runnable reloaded) {
        ProviderContext context = ProviderContext.of("banned", Map.of(), file.getParent(), clock, reloaded);
        return WatchedFile.load(file, BanList::parse, ReloadPolicy.parse("banned.reload", reload), context);
    }

    /** Parses a ban list. */
    public static BanList parse(Path file, byte[] content) {
        Map<String, Integer> clientIds = new HashMap<>();
        Map<String, Integer> usernames = new HashMap<>();
        List<AddressRange> ranges = new ArrayList<>();
        List<Integer> rangeLines = new ArrayList<>();
        List<ConfigurationProblem> problems = new ArrayList<>();
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int n = i + 1;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            String kind = space < 0 ? line : line.substring(0, space);
            String value = space < 0 ? "" : line.substring(space + 1);
            if (value.isEmpty()) {
                problems.add(ConfigurationProblem.atLine(file, n, "\"" + kind + "\" has no value",
                        "write clientid <id>, username <name> or address <ip or cidr>"));
                continue;
            }
            switch (kind) {
                case "clientid" -> clientIds.putIfAbsent(value, n);
                case "username" -> usernames.putIfAbsent(value, n);
                case "address" -> {
                    var range = AddressRange.parse(value);
                    if (range.isEmpty()) {
                        problems.add(ConfigurationProblem.atLine(file, n, "\"" + value
                                + "\" is not an IP address or CIDR range", "write e.g. 192.0.2.7 or 10.0.0.0/8"));
                    } else {
                        ranges.add(range.get());
                        rangeLines.add(n);
                    }
                }
                default -> problems.add(ConfigurationProblem.atLine(file, n, "unknown entry kind \"" + kind + "\"",
                        "start the line with clientid, username or address"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new BanList(clientIds, usernames, ranges, rangeLines);
    }

    /** Why the client is banned (which entry, which line), or {@code null} if it is not. */
    public @Nullable String match(ConnectRequest request) {
        Integer line = clientIds.get(request.clientId());
        if (line != null) {
            return "client id " + SafeText.quote(request.clientId()) + " is banned (line " + line + ")";
        }
        String username = request.username().orElse(null);
        if (username != null && (line = usernames.get(username)) != null) {
            return "user name " + SafeText.quote(username) + " is banned (line " + line + ")";
        }
        InetAddress address = request.remoteAddress().orElse(null);
        if (address != null) {
            for (int i = 0; i < ranges.size(); i++) {
                if (ranges.get(i).contains(address)) {
                    return "address " + address.getHostAddress() + " is in banned range " + ranges.get(i)
                            + " (line " + rangeLines.get(i) + ")";
                }
            }
        }
        return null;
    }
}
