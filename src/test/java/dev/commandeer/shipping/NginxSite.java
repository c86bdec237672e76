package dev.commandeer.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shipped {@code nginx/} configuration moved into a test directory: absolute paths under it,
 * listening on loopback ports, proxying to a local service, with a test allow list. Every
 * substitution must match, so a change to the shipped files that this rendering no longer fits
 * fails loudly instead of testing something else.
 */
final class NginxSite {

  private NginxSite() {}

  /**
   * Renders into {@code root} and returns the main configuration file.
   *
   * @param rate the {@code limit_req_zone} rate to use instead of the shipped one, so that the rate
   *     limit can be reached with a few dozen requests however fast the machine is
   */
  static Path render(
      Path root, int httpsPort, int httpPort, int upstreamPort, List<String> allowed, String rate) {
    String prefix = root.toString();
    Map<String, String> everywhere = new LinkedHashMap<>();
    everywhere.put("/etc/nginx/", prefix + "/etc/");
    everywhere.put("/var/cache/nginx/", prefix + "/cache/");
    everywhere.put("/var/log/nginx/", prefix + "/log/");
    everywhere.put("/var/run/", prefix + "/run/");
    Map<String, String> site = new LinkedHashMap<>(everywhere);
    site.put("listen 443 ssl;", "listen 127.0.0.1:" + httpsPort + " ssl;");
    site.put("listen 80;", "listen 127.0.0.1:" + httpPort + ";");
    site.put("server commandeer:8080;", "server 127.0.0.1:" + upstreamPort + ";");
    site.put("rate=20r/s", "rate=" + rate);
    try {
      for (String dir : List.of("etc/commandeer", "etc/tls", "cache", "log", "run")) {
        Files.createDirectories(root.resolve(dir));
      }
      Path main = root.resolve("etc/nginx.conf");
      write(main, substitute("nginx/nginx.conf", everywhere, prefix));
      write(
          root.resolve("etc/commandeer/commandeer.conf"),
          substitute("nginx/commandeer.conf", site, prefix));
      StringBuilder allow = new StringBuilder();
      allowed.forEach(address -> allow.append("allow ").append(address).append(";\n"));
      write(root.resolve("etc/commandeer/mattermost-allow.conf"), allow + "deny all;\n");
      return main;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String substitute(String file, Map<String, String> replacements, String root) {
    String text = ProjectFiles.read(file);
    for (Map.Entry<String, String> r : replacements.entrySet()) {
      boolean needed = !r.getKey().startsWith("/") || text.contains(r.getKey());
      if (needed) {
        assertThat(text).as("%s still contains '%s'", file, r.getKey()).contains(r.getKey());
        text = text.replace(r.getKey(), r.getValue());
      }
    }
    assertThat(text.replace(root, "<test directory>"))
        .as("%s refers to nothing outside the test directory", file)
        .doesNotContain(" /etc/", " /var/");
    return text;
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
