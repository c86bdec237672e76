package dev.commandeer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The readiness check a training start ({@code serve --exit-when-ready}) sends itself before it
 * stops: serving it loads the HTTP codec, the router and the JSON encoder, so a class-data archive
 * recorded from the run holds them too and the first request of a real start does not load them.
 */
final class TrainingRequest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final byte[] REQUEST =
      "GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII);

  private TrainingRequest() {}

  /** Sends the check and reads the answer, whatever it is; says on stderr when it could not. */
  static void send(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(target(host), port), (int) TIMEOUT.toMillis());
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(REQUEST);
      out.flush();
      InputStream in = socket.getInputStream();
      in.readAllBytes();
    } catch (IOException e) {
      System.err.println("commandeer: the training start could not check its readiness: " + e);
    }
  }

  /** The address the service answers on; a wildcard one is reached through the loopback. */
  static InetAddress target(String host) throws IOException {
    InetAddress address = InetAddress.getByName(host);
    return address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : address;
  }
}
