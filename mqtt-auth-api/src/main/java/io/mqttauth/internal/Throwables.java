package io.mqttauth.internal;

/** Makes provider exceptions safe to log. */
public final class Throwables {

    private static final int MAX_CAUSES = 16;

    private Throwables() {
    }

    /**
     * A copy of {@code e} and its causes that keeps the classes and stack traces but drops the messages: a provider's
     * exception message may quote a password, a token or a line of a credentials file.
     */
    public static Throwable withoutMessages(Throwable e) {
        return copy(e, 0);
    }

    private static Throwable copy(Throwable e, int depth) {
        Throwable copy = new Throwable(e.getClass().getName() + " (message withheld: it may quote a secret)");
        copy.setStackTrace(e.getStackTrace());
        Throwable cause = e.getCause();
        if (cause != null && cause != e && depth < MAX_CAUSES) {
            copy.initCause(copy(cause, depth + 1));
        }
        return copy;
    }
}
