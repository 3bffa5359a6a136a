package io.mqttauth.passwordfile;

import jakarta.annotation.Nullable;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An immutable, compact snapshot of a password file: every entry is packed into one byte array (line number, user
 * name as UTF-8, parameter index, salt, hash) and found through an open-addressing table of offsets, so a million
 * users cost about a hundred bytes each instead of several objects each. Parameters shared by many users (the format
 * and work factor) are stored once.
 *
 * <p>Entry layout: {@code int line, u16 nameLength, name, int paramsIndex, u8 saltLength, salt, u8 hashLength, hash}.
 *
 * <p>Unknown users get a stand-in entry whose settings (format, work factor, salt and hash lengths) are those of the
 * file's users, chosen per user name: an HMAC of the name under a random key made for this process picks a point among
 * the users, weighted by how many users have each setting. So an unknown name always costs the same, and costs over
 * names are spread as over the real users: timing does not tell a user with an uncommon setting from an unknown name.
 */
final class PasswordTable {

    /**
     * One user's stored password, decoded (copies; callers may clear them).
     *
     * @param line the 1-based line in the file (0 for the unknown-user stand-in)
     * @param params format and work factor
     * @param salt the salt (empty for formats without one)
     * @param hash the stored hash
     */
    record Entry(int line, HashParams params, byte[] salt, byte[] hash) {
        /** Whether {@code other} holds the same stored password (format, work factor, salt and hash). */
        boolean sameCredential(Entry other) {
            return params.equals(other.params) && Arrays.equals(salt, other.salt) && Arrays.equals(hash, other.hash);
        }
    }

    private final String fileName;
    private final byte[] data;
    private final int[] slots;
    private final int[] slotHashes;
    private final HashParams[] params;
    private final int size;
    private final int seed;
    /** Per setting, in order of first appearance: the number of users with it or an earlier one. */
    private final int[] cumulativeUsers;
    /** Per setting: the offset of its first user's entry, whose format, work factor and lengths a stand-in takes. */
    private final int[] firstUser;
    private final byte[] standInSalt;
    private final byte[] standInHash;

    private PasswordTable(Builder b) {
        this.fileName = String.valueOf(b.file.getFileName());
        this.data = Arrays.copyOf(b.data, b.length);
        this.slots = b.slots;
        this.slotHashes = b.slotHashes;
        this.params = b.params.toArray(new HashParams[0]);
        this.size = b.size;
        this.seed = b.seed;
        this.cumulativeUsers = new int[b.settings.size()];
        this.firstUser = new int[b.settings.size()];
        int users = 0;
        for (int i = 0; i < cumulativeUsers.length; i++) {
            users += b.settings.get(i)[0];
            cumulativeUsers[i] = users;
            firstUser[i] = b.settings.get(i)[1];
        }
        this.standInSalt = new byte[255];
        this.standInHash = new byte[255];
        Builder.RANDOM.nextBytes(standInSalt);
        Builder.RANDOM.nextBytes(standInHash);
    }

    /** The file's name without its folder, for decision details. */
    String fileName() {
        return fileName;
    }

    /** The number of users. */
    int size() {
        return size;
    }

    /**
     * The stand-in for the unknown user whose UTF-8 name is {@code name}: the format, work factor and lengths of one of
     * the file's settings, the same one every time for this name (in this process, while the file's mix of settings is
     * unchanged), each setting chosen for a share of names equal to its share of the users; a random salt and hash.
     * Verifying a password against it costs what it costs for a real user with that setting. Null if the file has no
     * users.
     */
    @Nullable Entry standInFor(byte[] name) {
        if (size == 0) {
            return null;
        }
        long point = Long.remainderUnsigned(StandInChoice.of(name), size);
        int low = 0;
        int high = cumulativeUsers.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulativeUsers[mid] > point) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        Entry like = decode(firstUser[low]);
        return new Entry(0, like.params(), Arrays.copyOf(standInSalt, like.salt().length),
                Arrays.copyOf(standInHash, like.hash().length));
    }

    /** The entry of the user whose UTF-8 name is {@code name}, or null. */
    @Nullable Entry find(byte[] name) {
        int offset = offsetOf(data, slots, slotHashes, hash(seed, name, 0, name.length), name, 0, name.length);
        return offset < 0 ? null : decode(offset);
    }

    private Entry decode(int offset) {
        int p = offset;
        int line = readInt(data, p);
        p += 4;
        int nameLength = ((data[p] & 0xFF) << 8) | (data[p + 1] & 0xFF);
        p += 2 + nameLength;
        HashParams hp = params[readInt(data, p)];
        p += 4;
        int saltLength = data[p++] & 0xFF;
        byte[] salt = Arrays.copyOfRange(data, p, p + saltLength);
        p += saltLength;
        int hashLength = data[p++] & 0xFF;
        byte[] hash = Arrays.copyOfRange(data, p, p + hashLength);
        return new Entry(line, hp, salt, hash);
    }

    private static int offsetOf(byte[] data, int[] slots, int[] slotHashes, int h, byte[] name, int from, int to) {
        int mask = slots.length - 1;
        int length = to - from;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int slot = slots[i];
            if (slot == 0) {
                return -1;
            }
            int offset = slot - 1;
            if (slotHashes[i] == h) {
                int nameLength = ((data[offset + 4] & 0xFF) << 8) | (data[offset + 5] & 0xFF);
                if (nameLength == length
                        && Arrays.equals(data, offset + 6, offset + 6 + length, name, from, to)) {
                    return offset;
                }
            }
        }
    }

    private static int hash(int seed, byte[] b, int from, int to) {
        int h = seed;
        for (int i = from; i < to; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }

    private static int readInt(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    private static void writeInt(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }

    /** Picks stand-ins: a keyed hash of user names, the key random per process so that no one can predict it. */
    private static final class StandInChoice {
        private static final SecretKeySpec KEY = key();
        private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(KEY);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
            }
        });

        private StandInChoice() {
        }

        private static SecretKeySpec key() {
            byte[] secret = new byte[32];
            Builder.RANDOM.nextBytes(secret);
            return new SecretKeySpec(secret, "HmacSHA256");
        }

        /** 64 bits of HMAC-SHA256 of the name. */
        static long of(byte[] name) {
            byte[] mac = MAC.get().doFinal(name);
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (mac[i] & 0xFF);
            }
            return h;
        }
    }

    /** Collects entries while a file is parsed; not thread-safe. */
    static final class Builder {
        /** Presizing never plans for more users than this, whatever the line count; the table grows past it. */
        static final int MAX_PRESIZED_USERS = 1 << 20;
        /** Presizing never reserves more entry bytes than this, whatever the file size; the array grows past it. */
        static final int MAX_PRESIZED_BYTES = 1 << 27;
        static final SecureRandom RANDOM = new SecureRandom();

        private final Path file;
        private final int seed = RANDOM.nextInt();
        private byte[] data;
        private int length;
        private int[] slots;
        private int[] slotHashes;
        private int size;
        private final List<HashParams> params = new ArrayList<>();
        private final Map<HashParams, Integer> paramsIndex = new HashMap<>();
        /** Per setting (parameters, salt and hash length), in order of first appearance: {users, first offset}. */
        private final List<int[]> settings = new ArrayList<>();
        private final Map<Long, int[]> settingsByKey = new HashMap<>();

        private HashParams lastParams;
        private int lastIndex;
        private long lastSettingKey = -1;
        private int[] lastSetting;

        /**
         * A builder for {@code file}, sized for about {@code expectedBytes} of entries and {@code expectedUsers}, each
         * bounded (by {@link #MAX_PRESIZED_BYTES} and {@link #MAX_PRESIZED_USERS}) so that a file of blank lines does
         * not reserve gigabytes.
         */
        Builder(Path file, int expectedBytes, int expectedUsers) {
            this.file = file;
            this.data = new byte[Math.max(64, Math.min(expectedBytes, MAX_PRESIZED_BYTES))];
            int capacity = Integer.highestOneBit(Math.max(8, Math.min(expectedUsers, MAX_PRESIZED_USERS)) * 2 - 1) * 2;
            this.slots = new int[capacity];
            this.slotHashes = new int[capacity];
        }

        /**
         * Adds a user unless the name is taken.
         *
         * @return 0 if added, else the line of the entry that already has this name
         */
        int add(int line, byte[] src, int nameFrom, int nameTo, HashParams hp, byte[] salt, int saltLength,
                byte[] hash, int hashLength) {
            int h = hash(seed, src, nameFrom, nameTo);
            int existing = offsetOf(data, slots, slotHashes, h, src, nameFrom, nameTo);
            if (existing >= 0) {
                return readInt(data, existing);
            }
            int index;
            if (hp == lastParams) {
                index = lastIndex;
            } else {
                Integer known = paramsIndex.get(hp);
                if (known == null) {
                    known = params.size();
                    params.add(hp);
                    paramsIndex.put(hp, known);
                }
                index = known;
                lastParams = hp;
                lastIndex = index;
            }
            long settingKey = ((long) index << 16) | (saltLength << 8) | hashLength;
            if (settingKey != lastSettingKey) {
                int[] setting = settingsByKey.get(settingKey);
                if (setting == null) {
                    setting = new int[] {0, length};
                    settings.add(setting);
                    settingsByKey.put(settingKey, setting);
                }
                lastSettingKey = settingKey;
                lastSetting = setting;
            }
            lastSetting[0]++;
            int nameLength = nameTo - nameFrom;
            int need = 4 + 2 + nameLength + 4 + 1 + saltLength + 1 + hashLength;
            if (length + need > data.length) {
                long grown = Math.max((long) data.length * 3 / 2, (long) length + need);
                if (grown > Integer.MAX_VALUE - 8) {
                    throw new IllegalStateException("password file too large for one table");
                }
                data = Arrays.copyOf(data, (int) grown);
            }
            int offset = length;
            int p = offset;
            writeInt(data, p, line);
            data[p + 4] = (byte) (nameLength >>> 8);
            data[p + 5] = (byte) nameLength;
            p += 6;
            System.arraycopy(src, nameFrom, data, p, nameLength);
            p += nameLength;
            writeInt(data, p, index);
            p += 4;
            data[p++] = (byte) saltLength;
            System.arraycopy(salt, 0, data, p, saltLength);
            p += saltLength;
            data[p++] = (byte) hashLength;
            System.arraycopy(hash, 0, data, p, hashLength);
            length = p + hashLength;
            insert(h, offset);
            return 0;
        }

        private void insert(int h, int offset) {
            if ((size + 1) * 2 > slots.length) {
                int[] oldSlots = slots;
                int[] oldHashes = slotHashes;
                slots = new int[oldSlots.length * 2];
                slotHashes = new int[oldSlots.length * 2];
                for (int i = 0; i < oldSlots.length; i++) {
                    if (oldSlots[i] != 0) {
                        place(oldHashes[i], oldSlots[i]);
                    }
                }
            }
            place(h, offset + 1);
            size++;
        }

        private void place(int h, int slot) {
            int mask = slots.length - 1;
            int i = h & mask;
            while (slots[i] != 0) {
                i = (i + 1) & mask;
            }
            slots[i] = slot;
            slotHashes[i] = h;
        }

        /** The immutable table. */
        PasswordTable build() {
            return new PasswordTable(this);
        }
    }
}
