package io.mqttauth.cli;

/** A command line or input mistake: the message says what is wrong and how to write it instead. Exit status 2. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}
