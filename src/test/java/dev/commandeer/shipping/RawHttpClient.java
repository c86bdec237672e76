package dev.commandeer.shipping;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Sends exact request bytes to a loopback port, over TLS (verifying the server's certificate and
 * name) or plain, from a chosen loopback source address, one connection per request.
 */
final class RawHttpClient {

  private static final int TIMEOUT_MILLIS = 30_000;

  private final SSLContext tls;
  private final int port;

  private RawHttpClient(SSLContext tls, int port) {
    this.tls = tls;
    this.port = port;
  }

  static RawHttpClient https(SSLContext tls, int port) {
    return new RawHttpClient(tls, port);
  }

  static RawHttpClient plain(int port) {
    return new RawHttpClient(null, port);
  }

  HttpAnswer send(byte[] request) {
    return sendFrom("127.0.0.1", request);
  }

  HttpAnswer send(String request) {
    return send(request.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends from {@code source}, another loopback address, as a caller elsewhere would. */
  HttpAnswer sendFrom(String source, byte[] request) {
    try (Socket socket = connect(InetAddress.getByName(source))) {
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException refusedMidway) {
        // nginx may answer (413) and stop reading before the whole body is sent: read that answer.
      }
      return HttpAnswer.read(new BufferedInputStream(socket.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Socket connect(InetAddress source) throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    if (tls == null) {
      Socket socket = new Socket();
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.bind(new InetSocketAddress(source, 0));
      socket.connect(new InetSocketAddress(loopback, port), TIMEOUT_MILLIS);
      return socket;
    }
    SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(loopback, port, source, 0);
    socket.setSoTimeout(TIMEOUT_MILLIS);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return socket;
  }
}
