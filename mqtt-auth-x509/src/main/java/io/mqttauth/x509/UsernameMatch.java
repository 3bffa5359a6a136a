package io.mqttauth.x509;

import io.mqttauth.ConnectRequest;
import io.mqttauth.SafeText;
import java.util.Locale;
import jakarta.annotation.Nullable;

/** Whether the user name or the client id the client sent must equal its certificate's identity. */
enum UsernameMatch {
    /** No check. */
    OFF,
    /** The MQTT user name must equal the identity. */
    USERNAME,
    /** The client id must equal the identity. */
    CLIENTID;

    /** The value as written in the configuration: {@code off}, {@code username} or {@code clientid}. */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Why the request does not match {@code identity}, or {@code null} if it does (or nothing is checked). */
    @Nullable String mismatch(ConnectRequest request, String identity) {
        return switch (this) {
            case OFF -> null;
            case USERNAME -> {
                String username = request.username().orElse(null);
                yield username == null
                        ? "no user name was sent; it must equal the certificate's identity " + SafeText.quote(identity)
                        : username.equals(identity) ? null
                        : "the user name " + SafeText.quote(username) + " differs from the certificate's identity "
                                + SafeText.quote(identity);
            }
            case CLIENTID -> request.clientId().equals(identity) ? null
                    : "the client id " + SafeText.quote(request.clientId())
                            + " differs from the certificate's identity " + SafeText.quote(identity);
        };
    }
}
