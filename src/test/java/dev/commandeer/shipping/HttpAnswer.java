package dev.commandeer.shipping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A response read off the wire: status, headers (lower-case names) and body. */
record HttpAnswer(int status, Map<String, String> headers, String body) {

  private static final ObjectMapper JSON = new ObjectMapper();

  String header(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
  }

  JsonNode json() {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON (" + status + "): " + body, e);
    }
  }

  @Override
  public String toString() {
    return status + " " + headers + "\n" + body;
  }

  /** Reads one response: a Content-Length body, a chunked body, or everything until EOF. */
  static HttpAnswer read(InputStream in) {
    try {
      String statusLine = line(in);
      Map<String, String> headers = new TreeMap<>();
      for (String line = line(in); !line.isEmpty(); line = line(in)) {
        int colon = line.indexOf(':');
        headers.put(
            line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).strip());
      }
      byte[] body;
      if (headers.containsKey("content-length")) {
        body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
      } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        body = chunked(in);
      } else {
        body = in.readAllBytes();
      }
      return new HttpAnswer(
          Integer.parseInt(statusLine.split(" ")[1]),
          headers,
          new String(body, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int size = Integer.parseInt(line(in).split(";")[0].strip(), 16);
        size > 0;
        size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) {
      out.write(in.readNBytes(size));
      line(in);
    }
    for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
      // trailers carry nothing these tests look at
    }
    return out.toByteArray();
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed in the middle of a response");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }
}
