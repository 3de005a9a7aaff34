package org.stancewatch.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Port checks done before starting servers, so a clash gives a clear message instead of a bind trace. */
public final class Ports {
    private Ports() {
    }

    public static boolean isFree(int port) {
        if (port == 0) {
            return true;
        }
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The preferred port if free, else 0 (any free port): for the throwaway demo. */
    public static int preferredOrAny(int port) {
        return isFree(port) ? port : 0;
    }

    /** The port if free; otherwise a {@link UserException} naming the option that chooses it. */
    public static int require(int port, String option) {
        if (!isFree(port)) {
            throw new UserException("port " + port + " on 127.0.0.1 is already in use (another stancewatch or Kafka?); "
                    + "choose another with " + option + " PORT, or " + option + " 0 for any free port");
        }
        return port;
    }
}
