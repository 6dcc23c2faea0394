package fr.tocsin.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback port helpers: the whole local stack listens on 127.0.0.1 only. */
public final class Ports {

    private Ports() {
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StackException("No free loopback port", e);
        }
    }

    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static void requireFree(int port, String what) {
        if (isListening(port)) {
            throw new StackException("Port " + port + " (" + what + ") is already taken: stop what uses it, "
                    + "or choose another port (see --help).");
        }
    }
}
