package io.mqttauth.examples.hivemq;

import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.client.parameter.Listener;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import io.mqttauth.ConnectRequest;
import io.mqttauth.MqttVersion;
import io.mqttauth.TlsFacts;
import jakarta.annotation.Nullable;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/** Builds a {@link ConnectRequest} from what HiveMQ knows about a CONNECT and its connection. */
final class ConnectRequests {

    private ConnectRequests() {
    }

    /** The request: client id (as assigned by HiveMQ when empty), credentials, version, address, listener, TLS. */
    static ConnectRequest of(SimpleAuthInput input) {
        ConnectPacket connect = input.getConnectPacket();
        ConnectionInformation connection = input.getConnectionInformation();
        byte[] password = bytes(connect.getPassword());
        byte[] authenticationData = bytes(connect.getAuthenticationData());
        try {
            return ConnectRequest.builder(input.getClientInformation().getClientId())
                    .username(connect.getUserName().orElse(null))
                    .password(password)
                    .mqttVersion(version(connection.getMqttVersion()))
                    .remoteAddress(connection.getInetAddress().orElse(null))
                    .listener(connection.getListener().map(Listener::getName).orElse(null))
                    .tls(connection.getClientTlsInformation().map(ConnectRequests::tls).orElse(null))
                    .authentication(connect.getAuthenticationMethod().orElse(null), authenticationData)
                    .build();
        } finally {
            ConnectRequest.clear(password);
            ConnectRequest.clear(authenticationData);
        }
    }

    static MqttVersion version(com.hivemq.extension.sdk.api.packets.general.MqttVersion version) {
        return switch (version) {
            case V_3_1 -> MqttVersion.V3_1;
            case V_3_1_1 -> MqttVersion.V3_1_1;
            case V_5 -> MqttVersion.V5;
        };
    }

    /** The chain exactly as the client presented it (leaf first), the SNI host name, protocol and cipher suite. */
    static TlsFacts tls(ClientTlsInformation tls) {
        return new TlsFacts(tls.getClientCertificateChain().map(List::of).orElse(List.of()),
                tls.getHostname().orElse(null), tls.getProtocol(), tls.getCipherSuite());
    }

    private static @Nullable byte[] bytes(Optional<ByteBuffer> buffer) {
        if (buffer.isEmpty()) {
            return null;
        }
        ByteBuffer b = buffer.get().duplicate();
        byte[] copy = new byte[b.remaining()];
        b.get(copy);
        return copy;
    }
}
