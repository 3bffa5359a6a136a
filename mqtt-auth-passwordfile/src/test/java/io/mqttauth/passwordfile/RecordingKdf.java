package io.mqttauth.passwordfile;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Counts the hash work done, with its parameters, and then does it. */
final class RecordingKdf implements Kdf {

    /**
     * One derivation.
     *
     * @param params format and work factor
     * @param saltLength salt length
     * @param passwordLength password length
     * @param outputLength output length
     */
    record Call(HashParams params, int saltLength, int passwordLength, int outputLength) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public byte[] derive(HashParams params, byte[] password, byte[] salt, int length) {
        calls.add(new Call(params, salt.length, password.length, length));
        return DefaultKdf.INSTANCE.derive(params, password, salt, length);
    }
}
