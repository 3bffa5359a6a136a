package io.mqttauth.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mqttauth.ConfigurationException;
import io.mqttauth.ConnectRequest;
import io.mqttauth.FailureReason;
import io.mqttauth.SafeText;
import jakarta.annotation.Nullable;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Brute-force throttling: after {@code failures} connects refused for their credentials within {@code window}, for one
 * user name or from one address, every connect for that user name or from that address is refused for {@code block}.
 *
 * <p>The check on connect is one map lookup per dimension and a comparison with the clock; it takes no lock and runs
 * no password hash. Recording a refusal updates the entry atomically ({@code compute}). Counters and blocks live in two
 * Caffeine caches, each bounded by half the approximate byte budget, so a flood of random user names and addresses
 * cannot grow them without limit, and a flood of single refusals (which fills the counters) cannot evict a block:
 * evicting blocks takes {@code failures} refusals per block created. Counters expire after the window, blocks when
 * they end. IPv6 addresses count per /64 network (a single host usually holds a whole /64); IPv4 addresses count one
 * by one.
 *
 * <p>A successful connect does not reset any count: otherwise a client that logs in often (one device, or one
 * account of the attacker's behind the same address) would give an attacker fresh guesses each time. Counts only
 * age out of the window.
 */
public final class Throttle {

    /** The key of the number of refusals that engages the throttle. */
    public static final String FAILURES = "throttle.failures";
    /** The key of the window within which refusals count. */
    public static final String WINDOW = "throttle.window";
    /** The key of how long a block lasts. */
    public static final String BLOCK = "throttle.block";
    /** The key of what is counted: user names, addresses or both. */
    public static final String BY = "throttle.by";
    /** The key of the memory budget of the counters. */
    public static final String MEMORY = "throttle.memory";

    /** The most refusals {@link #FAILURES} may name; each counter keeps that many times. */
    public static final int MAX_FAILURES = 1000;

    private static final long EMPTY = Long.MIN_VALUE;
    /** Caffeine's per-entry overhead, the counter object and its array header, approximately. */
    private static final int ENTRY_OVERHEAD = 160;

    /** One user name's or address's recent refusals: a ring of their times, in milliseconds. Immutable. */
    private record Counter(long[] times, int next) {
    }

    private final int failures;
    private final long windowMillis;
    private final long blockMillis;
    private final boolean byUsername;
    private final boolean byAddress;
    private final Clock clock;
    private final String settings;
    /** Keys: user names (String), IPv4 addresses (Integer) and IPv6 /64 networks (Long). */
    private final Cache<Object, Counter> counters;
    /** The same keys, blocked until the time (milliseconds) they map to. */
    private final Cache<Object, Long> blocks;

    private Throttle(int failures, Duration window, Duration block, boolean byUsername, boolean byAddress,
            long memory, Clock clock) {
        this.failures = failures;
        this.windowMillis = window.toMillis();
        this.blockMillis = block.toMillis();
        this.byUsername = byUsername;
        this.byAddress = byAddress;
        this.clock = clock;
        this.settings = FAILURES + " = " + failures + ", " + WINDOW + " = " + human(window) + ", " + BLOCK + " = "
                + human(block);
        this.counters = Caffeine.newBuilder()
                .maximumWeight(memory / 2)
                .<Object, Counter>weigher((k, c) -> ENTRY_OVERHEAD + weigh(k) + 8 * c.times().length)
                .expireAfterWrite(window)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                // Evict on the recording thread: the bound holds as soon as refused() returns.
                .executor(Runnable::run)
                .build();
        this.blocks = Caffeine.newBuilder()
                .maximumWeight(memory / 2)
                .<Object, Long>weigher((k, until) -> ENTRY_OVERHEAD + weigh(k))
                .expireAfterWrite(block)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .build();
    }

    /**
     * A throttle, or {@code null} when {@code failures} is 0 (off).
     *
     * @param by {@code username}, {@code address} or both (any case)
     * @throws ConfigurationException with the key and the fix for a negative or too large {@code failures}, a window
     *     or block that is not positive, an empty or unknown {@code by} member, or a memory budget under 64 KiB
     */
    public static @Nullable Throttle of(int failures, Duration window, Duration block, Collection<String> by,
            long memory, Clock clock) {
        if (failures < 0 || failures > MAX_FAILURES) {
            throw ConfigurationException.ofKey(FAILURES, "is " + failures, "write a whole number from 0 (off) to "
                    + MAX_FAILURES);
        }
        positive(WINDOW, window);
        positive(BLOCK, block);
        boolean username = false;
        boolean address = false;
        for (String member : by) {
            switch (member.trim().toLowerCase(Locale.ROOT)) {
                case "username" -> username = true;
                case "address" -> address = true;
                default -> throw ConfigurationException.ofKey(BY, "unknown member \"" + member + "\"",
                        "write username, address, or both separated by a comma");
            }
        }
        if (!username && !address) {
            throw ConfigurationException.ofKey(BY, "is empty", "write username, address, or both separated by a "
                    + "comma");
        }
        if (memory < 64 * 1024) {
            throw ConfigurationException.ofKey(MEMORY, "is " + memory + " bytes", "write at least 64KiB, such as "
                    + "16MiB");
        }
        return failures == 0 ? null : new Throttle(failures, window, block, username, address, memory, clock);
    }

    private static void positive(String key, Duration duration) {
        if (duration.isNegative() || duration.toMillis() == 0) {
            throw ConfigurationException.ofKey(key, "is " + duration + ", not a positive duration",
                    "write a number with a unit: 500ms, 30s, 5m, 2h or 1d");
        }
    }

    /** Whether a refusal for this reason counts: refused credentials, tokens or certificates, not server trouble. */
    public static boolean counts(FailureReason reason) {
        return switch (reason.category()) {
            case CREDENTIALS, CERTIFICATE, TOKEN -> reason != FailureReason.TOKEN_KEYS_UNAVAILABLE
                    && reason != FailureReason.CERTIFICATE_REVOCATION_UNKNOWN;
            default -> false;
        };
    }

    /**
     * Why the connect is refused as throttled (which user name or address, until when, the settings), or
     * {@code null} if neither its user name nor its address is blocked now.
     */
    public @Nullable String blocked(ConnectRequest request) {
        long now = clock.millis();
        if (byUsername) {
            String username = request.username().orElse(null);
            if (username != null) {
                Long until = blocks.getIfPresent(username);
                if (until != null && now < until) {
                    return "user name " + SafeText.quote(username) + because(until);
                }
            }
        }
        if (byAddress) {
            InetAddress address = request.remoteAddress().orElse(null);
            if (address != null) {
                Long until = blocks.getIfPresent(addressKey(address));
                if (until != null && now < until) {
                    return (address.getAddress().length == 4 ? "address " + address.getHostAddress()
                            : "IPv6 network " + network(address)) + because(until);
                }
            }
        }
        return null;
    }

    private String because(long until) {
        return " is throttled until " + Instant.ofEpochMilli(until) + " after " + failures
                + " refused connects within " + human(Duration.ofMillis(windowMillis)) + " (" + settings + ")";
    }

    /** Counts a refused connect against its user name and address, if {@code reason} {@linkplain #counts counts}. */
    public void refused(ConnectRequest request, FailureReason reason) {
        if (!counts(reason)) {
            return;
        }
        long now = clock.millis();
        if (byUsername) {
            request.username().ifPresent(u -> count(u, now));
        }
        if (byAddress) {
            request.remoteAddress().ifPresent(a -> count(addressKey(a), now));
        }
    }

    private void count(Object key, long now) {
        Long until = blocks.getIfPresent(key);
        if (until != null && now < until) {
            return; // a refusal that raced with the block: the block is not extended
        }
        counters.asMap().compute(key, (k, old) -> {
            long[] times;
            int next;
            if (old == null) {
                times = new long[failures];
                Arrays.fill(times, EMPTY);
                next = 0;
            } else {
                times = old.times().clone();
                next = old.next();
            }
            times[next] = now;
            next = (next + 1) % failures;
            long oldest = times[next]; // the earliest of the latest `failures` refusals
            if (oldest != EMPTY && now - oldest < windowMillis) {
                blocks.put(k, now + blockMillis);
                return null; // the count starts over after the block
            }
            return new Counter(times, next);
        });
    }

    /** IPv4 addresses one by one (an Integer), IPv6 addresses by their /64 network (a Long); never equal. */
    private static Object addressKey(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | b[3] & 0xFF;
        }
        long prefix = 0;
        for (int i = 0; i < 8; i++) {
            prefix = prefix << 8 | b[i] & 0xFF;
        }
        return prefix;
    }

    private static String network(InetAddress address) {
        byte[] b = address.getAddress();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            sb.append(Integer.toHexString((b[i] & 0xFF) << 8 | b[i + 1] & 0xFF)).append(':');
        }
        return sb.append(":/64").toString();
    }

    /** The approximate bytes of a key: a user name's characters (two bytes each at most), or a boxed number. */
    private static int weigh(Object key) {
        return key instanceof String s ? (int) Math.min(Integer.MAX_VALUE / 2, 40L + 2L * s.length()) : 24;
    }

    /** The approximate bytes the counters and blocks hold now. */
    public long weightedSize() {
        counters.cleanUp();
        blocks.cleanUp();
        return counters.policy().eviction().orElseThrow().weightedSize().orElse(0)
                + blocks.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    /** A duration as the configuration writes it: {@code 5m}, {@code 90s}, {@code 1500ms}. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
