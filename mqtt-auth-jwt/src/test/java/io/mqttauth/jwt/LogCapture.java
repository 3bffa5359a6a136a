package io.mqttauth.jwt;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures what the jwt provider logs (through JUL, where System.Logger goes by default), every level, until closed. */
final class LogCapture implements AutoCloseable {

    private final Logger logger = Logger.getLogger("io.mqttauth.jwt");
    private final Level before = logger.getLevel();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(r.getLevel() + " " + getFormatter().formatMessage(r));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    LogCapture() {
        handler.setFormatter(new java.util.logging.SimpleFormatter());
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
        logger.setLevel(Level.ALL);
    }

    /** The lines logged so far, each as {@code LEVEL message}, with JUL's level names (FINE for DEBUG). */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines logged so far that contain {@code text}. */
    List<String> containing(String text) {
        return lines.stream().filter(l -> l.contains(text)).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(before);
    }
}
