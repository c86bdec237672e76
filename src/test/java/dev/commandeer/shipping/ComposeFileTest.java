package dev.commandeer.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.commandeer.config.Durations;
import dev.commandeer.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compose playground. No Docker engine runs here, so these tests check that the file holds
 * together (every reference resolves, every secret has a source, every start waits for a healthy
 * dependency) and run the scripts it relies on.
 */
class ComposeFileTest {

  private static final Set<String> LOCKED_DOWN = Set.of("commandeer", "postgres", "nginx");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)}");

  private final JsonNode compose = YamlDocuments.parse(ProjectFiles.read("compose/compose.yaml"));
  private final JsonNode services = compose.path("services");

  @TempDir Path dir;

  @Test
  void the_playground_runs_commandeer_postgres_nginx_and_mattermost() {
    assertThat(names(services))
        .containsExactlyInAnyOrder("commandeer", "postgres", "nginx", "mattermost");
  }

  @Test
  void every_service_starts_only_after_what_it_needs_is_healthy() {
    services
        .fields()
        .forEachRemaining(
            service -> {
              assertThat(service.getValue().at("/healthcheck/test"))
                  .as("%s has a health check", service.getKey())
                  .isNotEmpty();
              service
                  .getValue()
                  .path("depends_on")
                  .fields()
                  .forEachRemaining(
                      dependency -> {
                        assertThat(services.has(dependency.getKey())).isTrue();
                        assertThat(dependency.getValue().path("condition").asText())
                            .as("%s waits for %s", service.getKey(), dependency.getKey())
                            .isEqualTo("service_healthy");
                      });
            });
    assertThat(services.at("/commandeer/depends_on").has("postgres")).isTrue();
    assertThat(services.at("/nginx/depends_on").has("commandeer")).isTrue();
  }

  @Test
  void containers_run_read_only_unprivileged_and_with_a_process_limit() {
    for (String name : LOCKED_DOWN) {
      JsonNode service = services.path(name);
      assertThat(service.path("read_only").asBoolean()).as("%s read_only", name).isTrue();
      assertThat(texts(service.path("cap_drop"))).as("%s cap_drop", name).contains("ALL");
    }
    services
        .fields()
        .forEachRemaining(
            s -> {
              assertThat(texts(s.getValue().path("security_opt")))
                  .as(s.getKey())
                  .contains("no-new-privileges:true");
              assertThat(s.getValue().path("pids_limit").asInt()).as(s.getKey()).isPositive();
            });
    assertThat(services.at("/commandeer/user").asText())
        .as("the image's numeric user")
        .isEqualTo(dockerfileUser());
  }

  @Test
  void stopping_commandeer_leaves_running_commands_their_shutdown_grace() {
    Duration drain =
        Durations.parse(
            YamlDocuments.parse(ProjectFiles.read("compose/commandeer.yaml"))
                .at("/server/shutdownGrace")
                .asText(ServerConfig.DEFAULT_SHUTDOWN_GRACE.toSeconds() + "s"));
    Duration stop = Durations.parse(services.at("/commandeer/stop_grace_period").asText("10s"));

    assertThat(stop).isGreaterThanOrEqualTo(drain.plusSeconds(10));
  }

  @Test
  void only_mattermost_publishes_a_port_and_only_on_loopback() {
    services
        .fields()
        .forEachRemaining(
            s -> {
              if (!s.getKey().equals("mattermost")) {
                assertThat(s.getValue().has("ports"))
                    .as("%s publishes nothing", s.getKey())
                    .isFalse();
              }
            });
    assertThat(texts(services.at("/mattermost/ports"))).allMatch(p -> p.startsWith("127.0.0.1:"));
  }

  @Test
  void every_secret_a_service_uses_is_a_file_that_make_secrets_creates() {
    JsonNode declared = compose.path("secrets");
    Set<String> used = new TreeSet<>();
    services.forEach(s -> s.path("secrets").forEach(ref -> used.add(secretSource(ref))));
    String script = ProjectFiles.read("compose/make-secrets.sh");

    assertThat(names(declared)).containsExactlyInAnyOrderElementsOf(used);
    declared
        .fields()
        .forEachRemaining(
            secret -> {
              String file = secret.getValue().path("file").asText();
              assertThat(file).startsWith("./secrets/");
              String base = file.substring("./secrets/".length());
              assertThat(script)
                  .as("make-secrets.sh creates %s", base)
                  .containsPattern(
                      "\\b" + Pattern.quote(base.replaceFirst("\\.(crt|key)$", "")) + "\\b");
            });
    assertThat(ProjectFiles.read("compose/.gitignore").lines()).contains("secrets/");
  }

  @Test
  void make_secrets_creates_every_secret_file_and_keeps_existing_ones() throws IOException {
    Tools.require("openssl", "openssl");
    Path secrets = dir.resolve("secrets");

    runMakeSecrets(secrets);
    Map<String, String> first = contents(secrets);
    runMakeSecrets(secrets);

    compose
        .path("secrets")
        .forEach(
            secret -> {
              Path file = secrets.resolve(Path.of(secret.path("file").asText()).getFileName());
              assertThat(file).as(file.toString()).isNotEmptyFile();
            });
    assertThat(contents(secrets)).as("a second run changes nothing").isEqualTo(first);
    ProcessRun san =
        ProcessRun.of(
                Duration.ofSeconds(30),
                dir,
                List.of(
                    "openssl",
                    "x509",
                    "-in",
                    secrets.resolve("playground_tls.crt").toString(),
                    "-noout",
                    "-ext",
                    "subjectAltName"))
            .succeeded();
    assertThat(san.stdout()).as("Mattermost calls https://nginx/…").contains("DNS:nginx");
  }

  @Test
  void commandeer_gets_every_variable_its_config_reads_from_a_secret_or_the_environment() {
    JsonNode commandeer = services.path("commandeer");
    Set<String> provided = new TreeSet<>(names(commandeer.path("environment")));
    commandeer.path("secrets").forEach(ref -> provided.add(ref.path("target").asText()));
    Set<String> needed = new TreeSet<>();
    variablesIn(YamlDocuments.parse(ProjectFiles.read("compose/commandeer.yaml")), needed);

    assertThat(needed).isNotEmpty();
    assertThat(provided).containsAll(needed);
    assertThat(commandeer.at("/environment/SECRETS_DIR").asText()).isEqualTo("/run/secrets");
    commandeer
        .path("secrets")
        .forEach(ref -> assertThat(ref.path("target").asText()).doesNotStartWith("/"));
  }

  @Test
  void files_mounted_from_the_repository_exist_and_named_volumes_are_declared() {
    Path composeDir = ProjectFiles.path("compose");
    services.forEach(
        service ->
            service
                .path("volumes")
                .forEach(
                    volume -> {
                      String source = volume.asText().split(":")[0];
                      if (source.startsWith(".")) {
                        assertThat(composeDir.resolve(source).normalize()).exists();
                      } else {
                        assertThat(compose.path("volumes").has(source)).as(source).isTrue();
                      }
                    }));
    assertThat(services.at("/commandeer/command").toString())
        .contains("/etc/commandeer/commandeer.yaml");
  }

  @Test
  void nginx_uses_the_production_config_and_admits_exactly_the_playground_mattermost() {
    List<String> mounts = texts(services.at("/nginx/volumes"));
    String mattermostAddress = services.at("/mattermost/networks/playground/ipv4_address").asText();
    NginxConf allow = NginxConf.parse(ProjectFiles.read("compose/nginx/mattermost-allow.conf"));
    String subnet = compose.at("/networks/playground/ipam/config/0/subnet").asText();

    assertThat(mounts)
        .contains(
            "../nginx/nginx.conf:/etc/nginx/nginx.conf:ro",
            "../nginx/commandeer.conf:/etc/nginx/commandeer/commandeer.conf:ro");
    assertThat(allow.children("allow"))
        .extracting(a -> a.arg(0))
        .containsExactly(mattermostAddress);
    assertThat(mattermostAddress).startsWith(subnet.substring(0, subnet.lastIndexOf('.') + 1));
    assertThat(targets(services.path("nginx")))
        .contains("/etc/nginx/tls/commandeer.crt", "/etc/nginx/tls/commandeer.key");
  }

  @Test
  void mattermost_may_call_nginx_and_trusts_the_certificate_nginx_serves() {
    JsonNode env = services.at("/mattermost/environment");
    String nginxCertificate =
        StreamSupport.stream(services.at("/nginx/secrets").spliterator(), false)
            .filter(ref -> ref.path("target").asText().endsWith(".crt"))
            .map(ComposeFileTest::secretSource)
            .findFirst()
            .orElseThrow();

    assertThat(
            env.path("MM_SERVICESETTINGS_ALLOWEDUNTRUSTEDINTERNALCONNECTIONS")
                .asText()
                .split("[ ,]"))
        .contains("nginx");
    assertThat(env.path("SSL_CERT_FILE").asText()).isEqualTo("/run/secrets/" + nginxCertificate);
    assertThat(texts(services.at("/mattermost/secrets"))).contains(nginxCertificate);
    assertThat(env.path("MM_SERVICESETTINGS_ENABLEOUTGOINGWEBHOOKS").asText()).isEqualTo("true");
    assertThat(env.path("MM_SERVICESETTINGS_ENABLECOMMANDS").asText()).isEqualTo("true");
  }

  @Test
  void database_roles_exist_for_the_urls_that_use_them() {
    String init = ProjectFiles.read("compose/postgres/init-databases.sh");
    String storeUrl =
        YamlDocuments.parse(ProjectFiles.read("compose/commandeer.yaml")).at("/store/url").asText();
    String mattermostEntrypoint = services.at("/mattermost/entrypoint").toString();

    assertThat(storeUrl)
        .startsWith("postgresql://commandeer:")
        .endsWith("@postgres:5432/commandeer");
    assertThat(mattermostEntrypoint)
        .contains("postgres://mattermost:", "@postgres:5432/mattermost?");
    assertThat(init)
        .contains("CREATE ROLE commandeer LOGIN", "CREATE DATABASE commandeer OWNER commandeer")
        .contains("CREATE ROLE mattermost LOGIN", "CREATE DATABASE mattermost OWNER mattermost")
        .doesNotContain("SUPERUSER");
    assertThat(texts(services.at("/postgres/volumes")))
        .contains(
            "./postgres/init-databases.sh:/docker-entrypoint-initdb.d/10-init-databases.sh:ro");
  }

  @Test
  void shell_scripts_parse() throws IOException {
    for (String script : List.of("compose/make-secrets.sh", "compose/postgres/init-databases.sh")) {
      assertThat(Files.isExecutable(ProjectFiles.path(script)))
          .as(script + " is executable")
          .isTrue();
      ProcessRun.of(
              Duration.ofSeconds(30),
              dir,
              List.of("/bin/sh", "-n", ProjectFiles.path(script).toString()))
          .succeeded();
    }
  }

  private void runMakeSecrets(Path secrets) {
    ProcessRun.of(
            Duration.ofMinutes(1),
            dir,
            List.of(
                "/bin/sh",
                ProjectFiles.path("compose/make-secrets.sh").toString(),
                secrets.toString()))
        .succeeded();
  }

  private static Map<String, String> contents(Path secrets) throws IOException {
    Map<String, String> contents = new HashMap<>();
    try (var files = Files.list(secrets)) {
      for (Path file : files.toList()) {
        contents.put(file.getFileName().toString(), Files.readString(file));
      }
    }
    return contents;
  }

  /** The variables that values (not comments) reference without a default. */
  private static void variablesIn(JsonNode node, Set<String> into) {
    if (node.isTextual()) {
      Matcher variable = VARIABLE.matcher(node.asText());
      while (variable.find()) {
        into.add(variable.group(1));
      }
    }
    node.forEach(child -> variablesIn(child, into));
  }

  private static String secretSource(JsonNode reference) {
    return reference.isTextual() ? reference.asText() : reference.path("source").asText();
  }

  private static List<String> targets(JsonNode service) {
    List<String> targets = new ArrayList<>();
    service.path("secrets").forEach(ref -> targets.add(ref.path("target").asText()));
    return targets;
  }

  private static String dockerfileUser() {
    Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(ProjectFiles.read("Dockerfile"));
    assertThat(user.find()).isTrue();
    return user.group(1);
  }

  private static Set<String> names(JsonNode object) {
    Set<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false)
        .map(JsonNode::asText)
        .collect(Collectors.toList());
  }
}
