package org.stancewatch.nlp.neural;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.Permission;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses and records every connection attempt while installed (a SecurityManager: the JDK's only hook that
 * sees every socket, DNS lookups included). {@link #install()} first proves the guard bites.
 */
@SuppressWarnings("removal")
final class OfflineGuard implements AutoCloseable {

  private final SecurityManager before = System.getSecurityManager();
  private final List<String> attempts = new ArrayList<>();

  private OfflineGuard() {
  }

  static OfflineGuard install() {
    OfflineGuard guard = new OfflineGuard();
    System.setSecurityManager(new SecurityManager() {
      @Override
      public void checkConnect(String host, int port) {
        guard.attempts.add(host + ":" + port);
        throw new SecurityException("network access in an offline test: " + host + ":" + port);
      }

      @Override
      public void checkConnect(String host, int port, Object context) {
        checkConnect(host, port);
      }

      @Override
      public void checkPermission(Permission perm) {}
    });
    // The guard works: a connection attempt is refused.
    assertThrows(SecurityException.class, () -> {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("192.0.2.1", 80), 10);
      }
    });
    guard.attempts.clear();
    return guard;
  }

  /** Connection attempts since {@link #install()}. */
  List<String> attempts() {
    return List.copyOf(attempts);
  }

  @Override
  public void close() {
    System.setSecurityManager(before);
  }
}
