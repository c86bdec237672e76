package dev.commandeer.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.config.Durations;
import dev.commandeer.config.ServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the shipped nginx configuration says, directive by directive. {@link NginxProxyIT} shows
 * that nginx does it.
 */
class NginxConfigTest {

  private static final Duration MATTERMOST_TIMEOUT = Duration.ofSeconds(30);

  private final NginxConf site = NginxConf.parse(ProjectFiles.read("nginx/commandeer.conf"));
  private final NginxConf main = NginxConf.parse(ProjectFiles.read("nginx/nginx.conf"));

  @Test
  void tls_speaks_only_tls_1_2_and_1_3_without_tickets_or_replayable_early_data() {
    NginxConf tls = httpsServer();

    assertThat(tls.value("ssl_protocols")).containsExactly("TLSv1.2", "TLSv1.3");
    assertThat(tls.value("ssl_early_data")).containsExactly("off");
    assertThat(tls.value("ssl_session_tickets")).containsExactly("off");
    assertThat(tls.value("ssl_ciphers").get(0).split(":"))
        .as("forward secrecy and AEAD only")
        .allMatch(c -> c.startsWith("ECDHE-") || c.startsWith("DHE-"))
        .allMatch(c -> c.contains("-GCM-") || c.contains("CHACHA20"));
    assertThat(tls.children("add_header"))
        .anyMatch(h -> h.arg(0).equals("Strict-Transport-Security"));
  }

  @Test
  void plain_http_only_redirects_to_https() {
    NginxConf plain = server(s -> !s.value("listen").contains("ssl"));

    assertThat(plain.find(d -> d.name().equals("proxy_pass"))).isEmpty();
    assertThat(plain.find(d -> d.name().equals("return")))
        .singleElement()
        .satisfies(r -> assertThat(r.args()).containsExactly("301", "https://$host$request_uri"));
  }

  @Test
  void only_the_hook_and_command_paths_are_proxied_each_to_its_own_fixed_path() {
    Map<String, NginxConf> proxied =
        httpsServer().children("location").stream()
            .filter(l -> !l.children("proxy_pass").isEmpty())
            .collect(Collectors.toMap(l -> String.join(" ", l.args()), l -> l));

    assertThat(proxied).containsOnlyKeys("= /hooks/mattermost", "= /commands/mattermost");
    proxied.forEach(
        (match, location) ->
            assertThat(location.value("proxy_pass"))
                .containsExactly("http://commandeer" + location.arg(1)));
  }

  @Test
  void every_other_path_is_not_found() {
    NginxConf fallback =
        httpsServer().children("location").stream()
            .filter(l -> l.args().equals(List.of("/")))
            .findFirst()
            .orElseThrow();

    assertThat(fallback.value("return")).containsExactly("404");
    assertThat(site.all()).noneMatch(d -> d.args().stream().anyMatch(a -> a.contains("metrics")));
    assertThat(site.all()).noneMatch(d -> d.args().stream().anyMatch(a -> a.contains("healthz")));
  }

  @Test
  void proxied_paths_accept_only_post_only_from_the_allow_list_and_under_the_rate_limit() {
    for (NginxConf location : proxiedLocations()) {
      NginxConf methodCheck = location.children("if").get(0);
      assertThat(String.join(" ", methodCheck.args())).isEqualTo("($request_method != POST)");
      assertThat(methodCheck.value("return")).containsExactly("405");
      assertThat(location.value("include"))
          .containsExactly("/etc/nginx/commandeer/mattermost-allow.conf");
      assertThat(location.value("limit_req").get(0)).isEqualTo("zone=commandeer");
    }
    assertThat(site.value("limit_req_status")).containsExactly("429");
  }

  @Test
  void allow_list_ends_by_denying_everyone_else() {
    NginxConf allow = NginxConf.parse(ProjectFiles.read("nginx/mattermost-allow.conf"));
    NginxConf playground =
        NginxConf.parse(ProjectFiles.read("compose/nginx/mattermost-allow.conf"));

    for (NginxConf list : List.of(allow, playground)) {
      assertThat(list.block()).isNotEmpty();
      assertThat(list.block().get(list.block().size() - 1).args()).containsExactly("all");
      assertThat(list.block().get(list.block().size() - 1).name()).isEqualTo("deny");
      assertThat(list.children("allow")).isNotEmpty().noneMatch(a -> a.arg(0).equals("all"));
    }
  }

  @Test
  void forwarding_headers_are_overwritten_with_the_connecting_address() {
    Map<String, String> headers =
        httpsServer().children("proxy_set_header").stream()
            .collect(Collectors.toMap(h -> h.arg(0), h -> h.arg(1)));

    assertThat(headers)
        .containsEntry("X-Forwarded-For", "$remote_addr")
        .containsEntry("X-Real-IP", "$remote_addr")
        .containsEntry("X-Forwarded-Proto", "$scheme")
        .containsEntry("Forwarded", "");
    assertThat(ProjectFiles.read("nginx/commandeer.conf"))
        .doesNotContain("$proxy_add_x_forwarded_for");
  }

  @Test
  void access_log_records_the_path_without_query_string_or_secrets() {
    NginxConf http = main.children("http").get(0);
    List<String> format = http.value("log_format");
    String fields = String.join(" ", format.subList(1, format.size()));

    assertThat(fields).contains("$uri");
    assertThat(fields)
        .doesNotContainPattern("\\$request(?![_a-z])")
        .doesNotContain("$request_uri", "$args", "$query_string", "$arg_", "$request_body")
        .doesNotContain("$http_authorization", "$http_cookie");
    assertThat(main.find(d -> d.name().equals("access_log")))
        .isNotEmpty()
        .allSatisfy(log -> assertThat(log.args()).contains(format.get(0)));
    assertThat(site.find(d -> d.name().equals("access_log"))).isEmpty();
  }

  @Test
  void body_limit_is_the_service_limit_and_bodies_stay_in_memory() {
    NginxConf tls = httpsServer();
    long limit = bytes(tls.value("client_max_body_size").get(0));

    assertThat(limit).isEqualTo(ServerConfig.DEFAULT_MAX_BODY_BYTES);
    assertThat(bytes(tls.value("client_body_buffer_size").get(0))).isGreaterThanOrEqualTo(limit);
    for (String config : List.of("compose/commandeer.yaml", "k8s/base/commandeer.yaml")) {
      assertThat(
              YamlDocuments.parse(ProjectFiles.read(config))
                  .at("/server/maxBodyBytes")
                  .asLong(limit))
          .as(config)
          .isEqualTo(limit);
    }
  }

  @Test
  void every_timeout_ends_before_mattermost_stops_waiting() {
    NginxConf tls = httpsServer();
    Duration read = Durations.parse(tls.value("proxy_read_timeout").get(0));
    Duration connect = Durations.parse(tls.value("proxy_connect_timeout").get(0));

    assertThat(read.plus(connect)).isLessThan(MATTERMOST_TIMEOUT);
    for (String timeout :
        List.of(
            "client_header_timeout", "client_body_timeout", "send_timeout", "proxy_send_timeout")) {
      assertThat(Durations.parse(tls.value(timeout).get(0)))
          .as(timeout)
          .isLessThan(MATTERMOST_TIMEOUT);
    }
  }

  @Test
  void a_request_that_reached_commandeer_is_never_sent_again() {
    assertThat(httpsServer().value("proxy_next_upstream")).containsExactly("off");
    assertThat(ProjectFiles.read("nginx/commandeer.conf")).doesNotContain("non_idempotent");
  }

  private List<NginxConf> proxiedLocations() {
    return httpsServer().children("location").stream()
        .filter(l -> !l.children("proxy_pass").isEmpty())
        .toList();
  }

  private NginxConf httpsServer() {
    return server(s -> s.value("listen").contains("ssl"));
  }

  private NginxConf server(java.util.function.Predicate<NginxConf> which) {
    return site.children("server").stream().filter(which).findFirst().orElseThrow();
  }

  private static long bytes(String size) {
    String lower = size.toLowerCase(java.util.Locale.ROOT);
    if (lower.endsWith("k")) {
      return Long.parseLong(lower.substring(0, lower.length() - 1)) * 1024;
    }
    if (lower.endsWith("m")) {
      return Long.parseLong(lower.substring(0, lower.length() - 1)) * 1024 * 1024;
    }
    return Long.parseLong(lower);
  }
}
