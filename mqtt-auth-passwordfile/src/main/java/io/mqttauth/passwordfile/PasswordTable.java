package io.mqttauth.passwordfile;

import jakarta.annotation.Nullable;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, compact snapshot of a password file: every entry is packed into one byte array (line number, user
 * name as UTF-8, parameter index, salt, hash) and found through an open-addressing table of offsets, so a million
 * users cost about a hundred bytes each instead of several objects each. Parameters shared by many users (the format
 * and work factor) are stored once.
 *
 * <p>Entry layout: {@code int line, u16 nameLength, name, int paramsIndex, u8 saltLength, salt, u8 hashLength, hash}.
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

    private final Path file;
    private final String fileName;
    private final byte[] data;
    private final int[] slots;
    private final int[] slotHashes;
    private final HashParams[] params;
    private final int size;
    private final int seed;
    private final @Nullable Entry standIn;

    private PasswordTable(Builder b) {
        this.file = b.file;
        this.fileName = String.valueOf(b.file.getFileName());
        this.data = Arrays.copyOf(b.data, b.length);
        this.slots = b.slots;
        this.slotHashes = b.slotHashes;
        this.params = b.params.toArray(new HashParams[0]);
        this.size = b.size;
        this.seed = b.seed;
        this.standIn = b.standIn();
    }

    /** The file this snapshot was read from. */
    Path file() {
        return file;
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
     * A stand-in for unknown users: the file's most common format and work factor with a random salt and hash, so
     * that verifying a password for an unknown user costs what it costs for a typical known user. Null if the file has
     * no users.
     */
    @Nullable Entry standIn() {
        return standIn;
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

    /** Collects entries while a file is parsed; not thread-safe. */
    static final class Builder {
        /** Presizing never plans for more users than this, whatever the line count; the table grows past it. */
        static final int MAX_PRESIZED_USERS = 1 << 20;
        /** Presizing never reserves more entry bytes than this, whatever the file size; the array grows past it. */
        static final int MAX_PRESIZED_BYTES = 1 << 27;
        private static final SecureRandom RANDOM = new SecureRandom();

        private final Path file;
        private final int seed = RANDOM.nextInt();
        private byte[] data;
        private int length;
        private int[] slots;
        private int[] slotHashes;
        private int size;
        private final List<HashParams> params = new ArrayList<>();
        private final Map<HashParams, Integer> paramsIndex = new HashMap<>();
        private final List<int[]> paramsUse = new ArrayList<>();

        private HashParams lastParams;
        private int lastIndex;

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
                    paramsUse.add(new int[] {0, length});
                }
                index = known;
                lastParams = hp;
                lastIndex = index;
            }
            paramsUse.get(index)[0]++;
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

        private @Nullable Entry standIn() {
            int best = -1;
            for (int i = 0; i < paramsUse.size(); i++) {
                if (best < 0 || paramsUse.get(i)[0] > paramsUse.get(best)[0]) {
                    best = i;
                }
            }
            if (best < 0) {
                return null;
            }
            int p = paramsUse.get(best)[1];
            p += 6 + (((data[p + 4] & 0xFF) << 8) | (data[p + 5] & 0xFF)) + 4;
            byte[] salt = new byte[data[p] & 0xFF];
            byte[] hash = new byte[data[p + 1 + salt.length] & 0xFF];
            RANDOM.nextBytes(salt);
            RANDOM.nextBytes(hash);
            return new Entry(0, params.get(best), salt, hash);
        }

        /** The immutable table. */
        PasswordTable build() {
            return new PasswordTable(this);
        }
    }
}
