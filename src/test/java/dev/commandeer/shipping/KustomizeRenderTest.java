package dev.commandeer.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.commandeer.config.CommandConfig;
import dev.commandeer.config.Durations;
import dev.commandeer.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Renders every overlay with {@code kubectl kustomize} and checks what the cluster would get. */
class KustomizeRenderTest {

  private static final Map<String, Rendered> RENDERED = new ConcurrentHashMap<>();

  /** What Commandeer spends after shutdownGrace: finishing requests, flushing pending posts. */
  private static final Duration AFTER_DRAIN = Duration.ofSeconds(10);

  static Stream<String> overlays() {
    try (Stream<Path> dirs = Files.list(ProjectFiles.path("k8s/overlays"))) {
      return dirs
          .filter(dir -> Files.exists(dir.resolve("kustomization.yaml")))
          .map(dir -> dir.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void there_are_dev_and_prod_overlays() {
    assertThat(overlays()).contains("dev", "prod");
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void probes_check_liveness_on_healthz_and_readiness_on_readyz(String overlay) {
    JsonNode container = render(overlay).container();

    assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      assertThat(container.path(probe).at("/httpGet/port").asText())
          .as(probe + " port")
          .isIn("http", "8080");
    }
    assertThat(container.path("ports"))
        .anySatisfy(
            port -> {
              assertThat(port.path("name").asText()).isEqualTo("http");
              assertThat(port.path("containerPort").asInt()).isEqualTo(8080);
            });
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void pod_meets_the_restricted_pod_security_profile(String overlay) {
    Rendered rendered = render(overlay);
    JsonNode pod = rendered.podSpec();
    JsonNode container = rendered.container();
    JsonNode podContext = pod.path("securityContext");
    JsonNode context = container.path("securityContext");

    assertThat(effective(context, podContext, "runAsNonRoot").asBoolean()).isTrue();
    JsonNode uid = effective(context, podContext, "runAsUser");
    assertThat(uid.isIntegralNumber()).as("runAsUser is numeric").isTrue();
    assertThat(uid.asLong()).isPositive().isEqualTo(imageUser());
    assertThat(effective(context, podContext, "seccompProfile").path("type").asText())
        .isEqualTo("RuntimeDefault");
    assertThat(context.path("allowPrivilegeEscalation").isBoolean()).isTrue();
    assertThat(context.path("allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(context.path("privileged").asBoolean(false)).isFalse();
    assertThat(texts(context.at("/capabilities/drop"))).contains("ALL");
    assertThat(context.at("/capabilities/add").isMissingNode()).isTrue();
    assertThat(pod.path("hostNetwork").asBoolean(false)).isFalse();
    assertThat(pod.path("hostPID").asBoolean(false)).isFalse();
    assertThat(pod.path("hostIPC").asBoolean(false)).isFalse();
    assertThat(pod.path("volumes")).noneMatch(volume -> volume.has("hostPath"));
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void root_filesystem_is_read_only_and_only_empty_dirs_are_writable(String overlay) {
    Rendered rendered = render(overlay);
    JsonNode container = rendered.container();

    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    JsonNode tmp = rendered.volume(rendered.mountAt("/tmp").path("name").asText());
    assertThat(tmp.has("emptyDir")).as("/tmp is an emptyDir").isTrue();
    assertThat(tmp.at("/emptyDir/sizeLimit").asText()).as("/tmp has a size limit").isNotEmpty();
    for (JsonNode mount : container.path("volumeMounts")) {
      JsonNode volume = rendered.volume(mount.path("name").asText());
      if (!volume.has("emptyDir")) {
        assertThat(mount.path("readOnly").asBoolean())
            .as("%s is mounted read-only", mount.path("mountPath").asText())
            .isTrue();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void pod_gets_no_service_account_token(String overlay) {
    Rendered rendered = render(overlay);
    JsonNode pod = rendered.podSpec();

    assertThat(pod.path("automountServiceAccountToken").isBoolean()).isTrue();
    assertThat(pod.path("automountServiceAccountToken").asBoolean()).isFalse();
    String account = pod.path("serviceAccountName").asText();
    assertThat(account).isNotEmpty().isNotEqualTo("default");
    JsonNode serviceAccount = rendered.named("ServiceAccount", account);
    assertThat(serviceAccount.path("automountServiceAccountToken").asBoolean(true)).isFalse();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void container_requests_cpu_and_memory_and_limits_memory(String overlay) {
    JsonNode resources = render(overlay).container().path("resources");

    assertThat(resources.at("/requests/cpu").asText()).isNotEmpty();
    assertThat(resources.at("/requests/memory").asText()).isNotEmpty();
    assertThat(resources.at("/limits/memory").asText())
        .as("memory limit = request, so the JVM's share of it is predictable")
        .isEqualTo(resources.at("/requests/memory").asText());
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void running_commands_may_finish_before_the_pod_is_killed(String overlay) {
    Rendered rendered = render(overlay);
    JsonNode catalogue = rendered.catalogue();
    long preStop = preStopSeconds(rendered.container().at("/lifecycle/preStop"));
    Duration longest = longestTimeout(catalogue.path("commands"));
    Duration drain =
        catalogue.at("/server/shutdownGrace").isMissingNode()
            ? ServerConfig.DEFAULT_SHUTDOWN_GRACE
            : Durations.parse(catalogue.at("/server/shutdownGrace").asText());
    long grace = rendered.podSpec().path("terminationGracePeriodSeconds").asLong();

    assertThat(preStop).as("preStop waits for endpoint removal").isPositive();
    assertThat(drain)
        .as("server.shutdownGrace lets the longest command (%s) finish", longest)
        .isGreaterThanOrEqualTo(longest);
    assertThat(grace)
        .as("grace %ds vs preStop %ds + shutdownGrace %s + flushing", grace, preStop, drain)
        .isGreaterThanOrEqualTo(preStop + drain.toSeconds() + AFTER_DRAIN.toSeconds());
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void secrets_reach_the_pod_as_files_never_as_environment_variables(String overlay) {
    Rendered rendered = render(overlay);
    JsonNode container = rendered.container();
    List<JsonNode> secretVolumes =
        stream(rendered.podSpec().path("volumes")).filter(v -> v.has("secret")).toList();

    assertThat(secretVolumes).hasSize(1);
    JsonNode volume = secretVolumes.get(0);
    int mode = volume.at("/secret/defaultMode").asInt(0644);
    assertThat(mode & 0222).as("secret files are not writable").isZero();
    assertThat(mode & 0007).as("secret files are not world-readable").isZero();
    JsonNode mount =
        stream(container.path("volumeMounts"))
            .filter(m -> m.path("name").asText().equals(volume.path("name").asText()))
            .findFirst()
            .orElseThrow();
    assertThat(mount.path("readOnly").asBoolean()).isTrue();
    assertThat(env(container, "SECRETS_DIR"))
        .as("the entrypoint exports the files from the mounted directory")
        .isEqualTo(mount.path("mountPath").asText());
    assertThat(container.path("env")).noneMatch(e -> e.at("/valueFrom/secretKeyRef").isObject());
    assertThat(container.path("envFrom")).noneMatch(e -> e.has("secretRef"));
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void catalogue_comes_from_the_generated_config_map_by_its_hashed_name(String overlay) {
    Rendered rendered = render(overlay);
    List<JsonNode> configMaps = rendered.all("ConfigMap");
    assertThat(configMaps).hasSize(1);
    String name = configMaps.get(0).at("/metadata/name").asText();
    JsonNode volume =
        stream(rendered.podSpec().path("volumes"))
            .filter(v -> v.has("configMap"))
            .findFirst()
            .orElseThrow();
    List<String> args = texts(rendered.container().path("args"));
    Path configFile = Path.of(args.get(args.indexOf("--config") + 1));

    assertThat(name).matches("commandeer-config-[a-z0-9]{10}");
    assertThat(volume.at("/configMap/name").asText()).isEqualTo(name);
    assertThat(rendered.mountAt(configFile.getParent().toString()).path("name").asText())
        .isEqualTo(volume.path("name").asText());
    assertThat(configMaps.get(0).path("data").has(configFile.getFileName().toString())).isTrue();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void catalogue_holds_no_secret_values_only_references(String overlay) {
    JsonNode catalogue = render(overlay).catalogue();

    assertThat(catalogue.path("tokens")).isNotEmpty();
    for (JsonNode token : catalogue.path("tokens")) {
      assertThat(token.path("value").asText()).matches("\\$\\{[A-Z_][A-Z0-9_]*}");
    }
    assertThat(catalogue.at("/mattermost/botToken").asText()).matches("\\$\\{[A-Z_][A-Z0-9_]*}");
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void disruption_budget_and_autoscaler_cover_the_deployment(String overlay) {
    Rendered rendered = render(overlay);
    JsonNode deployment = rendered.only("Deployment");
    JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
    JsonNode budget = rendered.only("PodDisruptionBudget");
    JsonNode autoscaler = rendered.only("HorizontalPodAutoscaler");

    assertThat(matches(budget.at("/spec/selector/matchLabels"), podLabels)).isTrue();
    assertThat(budget.at("/spec/maxUnavailable").asInt(0))
        .as("one pod may always be evicted, so node drains never block")
        .isGreaterThanOrEqualTo(1);
    assertThat(autoscaler.path("apiVersion").asText()).isEqualTo("autoscaling/v2");
    assertThat(autoscaler.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
    assertThat(autoscaler.at("/spec/scaleTargetRef/name").asText())
        .isEqualTo(deployment.at("/metadata/name").asText());
    assertThat(autoscaler.at("/spec/minReplicas").asInt()).isPositive();
    assertThat(autoscaler.at("/spec/maxReplicas").asInt())
        .isGreaterThanOrEqualTo(autoscaler.at("/spec/minReplicas").asInt());
    assertThat(autoscaler.at("/spec/metrics"))
        .anySatisfy(m -> assertThat(m.at("/resource/name").asText()).isEqualTo("cpu"));
    assertThat(deployment.at("/spec/replicas").isMissingNode())
        .as("the autoscaler owns the replica count")
        .isTrue();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void network_policy_admits_only_the_ingress_controller_and_reaches_only_what_it_needs(
      String overlay) {
    Rendered rendered = render(overlay);
    JsonNode policy = rendered.only("NetworkPolicy");
    JsonNode podLabels = rendered.only("Deployment").at("/spec/template/metadata/labels");

    assertThat(matches(policy.at("/spec/podSelector/matchLabels"), podLabels)).isTrue();
    assertThat(texts(policy.at("/spec/policyTypes")))
        .containsExactlyInAnyOrder("Ingress", "Egress");

    JsonNode ingress = policy.at("/spec/ingress");
    assertThat(ingress).hasSize(1);
    JsonNode from = ingress.get(0).path("from");
    assertThat(from).isNotEmpty().allMatch(peer -> !peer.has("ipBlock"));
    assertThat(from).allMatch(peer -> peer.has("namespaceSelector"));
    assertThat(stream(ingress.get(0).path("ports")).map(p -> p.path("port").asText()))
        .containsExactly("http");

    JsonNode egress = policy.at("/spec/egress");
    Set<String> reachable = new java.util.TreeSet<>();
    for (JsonNode rule : egress) {
      assertThat(rule.path("to")).as("every egress rule names its peers").isNotEmpty();
      assertThat(rule.path("ports")).as("every egress rule names its ports").isNotEmpty();
      for (JsonNode peer : rule.path("to")) {
        assertThat(peer.at("/ipBlock/cidr").asText()).isNotIn("0.0.0.0/0", "::/0");
      }
      rule.path("ports")
          .forEach(p -> reachable.add(p.path("protocol").asText("TCP") + "/" + p.path("port")));
    }
    assertThat(reachable).contains("UDP/53", "TCP/5432");
    assertThat(reachable).containsAnyOf("TCP/443", "TCP/8065");
    assertThat(reachable).isSubsetOf("UDP/53", "TCP/53", "TCP/5432", "TCP/443", "TCP/8065");
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void only_the_hook_and_command_paths_are_routed_from_outside(String overlay) {
    Rendered rendered = render(overlay);
    List<String> routed = new ArrayList<>();
    for (JsonNode ingress : rendered.all("Ingress")) {
      for (JsonNode rule : ingress.at("/spec/rules")) {
        for (JsonNode path : rule.at("/http/paths")) {
          assertThat(path.path("pathType").asText()).isEqualTo("Exact");
          assertThat(path.at("/backend/service/name").asText()).isEqualTo("commandeer");
          assertThat(path.at("/backend/service/port/name").asText()).isEqualTo("http");
          routed.add(path.path("path").asText());
        }
      }
    }
    for (JsonNode route : rendered.all("HTTPRoute")) {
      for (JsonNode rule : route.at("/spec/rules")) {
        for (JsonNode match : rule.path("matches")) {
          assertThat(match.at("/path/type").asText()).isEqualTo("Exact");
          routed.add(match.at("/path/value").asText());
        }
      }
    }

    assertThat(routed)
        .as("routes of %s", overlay)
        .isNotEmpty()
        .allMatch(p -> p.equals("/hooks/mattermost") || p.equals("/commands/mattermost"))
        .contains("/hooks/mattermost", "/commands/mattermost");
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void namespace_enforces_restricted_pod_security(String overlay) {
    Rendered rendered = render(overlay);
    JsonNode namespace = rendered.only("Namespace");
    String name = namespace.at("/metadata/name").asText();

    assertThat(namespace.at("/metadata/labels/pod-security.kubernetes.io~1enforce").asText())
        .isEqualTo("restricted");
    assertThat(rendered.objects())
        .filteredOn(o -> !o.path("kind").asText().equals("Namespace"))
        .allMatch(o -> o.at("/metadata/namespace").asText().equals(name));
  }

  @Test
  void production_keeps_secrets_out_of_the_repository_and_runs_at_least_two_pinned_replicas() {
    Rendered prod = render("prod");
    String image = prod.container().path("image").asText();

    assertThat(prod.all("Secret")).as("real secrets never live in Git").isEmpty();
    assertThat(image).contains("/").doesNotEndWith(":latest");
    assertThat(image.contains("@sha256:") || image.matches(".*:[0-9][^:/]*$"))
        .as("image %s is pinned to a version or digest", image)
        .isTrue();
    assertThat(prod.only("HorizontalPodAutoscaler").at("/spec/minReplicas").asInt())
        .isGreaterThanOrEqualTo(2);
  }

  private static Rendered render(String overlay) {
    return RENDERED.computeIfAbsent(
        overlay,
        name -> {
          Path kubectl = Tools.require("kubectl", "kubectl");
          ProcessRun run =
              ProcessRun.of(
                      Duration.ofMinutes(2),
                      ProjectFiles.root(),
                      List.of(kubectl.toString(), "kustomize", "k8s/overlays/" + name))
                  .succeeded();
          return new Rendered(name, YamlDocuments.parseAll(run.stdout()));
        });
  }

  /** The objects one overlay renders to. */
  private record Rendered(String overlay, List<JsonNode> objects) {

    List<JsonNode> all(String kind) {
      return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    JsonNode only(String kind) {
      List<JsonNode> found = all(kind);
      assertThat(found).as("%s renders one %s", overlay, kind).hasSize(1);
      return found.get(0);
    }

    JsonNode named(String kind, String name) {
      return all(kind).stream()
          .filter(o -> o.at("/metadata/name").asText().equals(name))
          .findFirst()
          .orElseThrow(() -> new AssertionError(overlay + " renders no " + kind + " " + name));
    }

    JsonNode podSpec() {
      return only("Deployment").at("/spec/template/spec");
    }

    JsonNode container() {
      JsonNode containers = podSpec().path("containers");
      assertThat(containers).hasSize(1);
      return containers.get(0);
    }

    JsonNode volume(String name) {
      return stream(podSpec().path("volumes"))
          .filter(v -> v.path("name").asText().equals(name))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    JsonNode mountAt(String path) {
      return stream(container().path("volumeMounts"))
          .filter(m -> m.path("mountPath").asText().equals(path))
          .findFirst()
          .orElseThrow(() -> new AssertionError("nothing is mounted at " + path));
    }

    /** The config file the pod reads, as parsed YAML. */
    JsonNode catalogue() {
      List<String> args = texts(container().path("args"));
      String file = Path.of(args.get(args.indexOf("--config") + 1)).getFileName().toString();
      return YamlDocuments.parse(only("ConfigMap").path("data").path(file).asText());
    }
  }

  private static JsonNode effective(JsonNode container, JsonNode pod, String field) {
    return container.has(field) ? container.path(field) : pod.path(field);
  }

  private static long imageUser() {
    Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+)").matcher(ProjectFiles.read("Dockerfile"));
    assertThat(user.find()).as("the Dockerfile sets a numeric USER").isTrue();
    return Long.parseLong(user.group(1));
  }

  private static long preStopSeconds(JsonNode preStop) {
    if (preStop.has("sleep")) {
      return preStop.at("/sleep/seconds").asLong();
    }
    List<String> command = texts(preStop.at("/exec/command"));
    assertThat(command).as("preStop sleeps").isNotEmpty();
    return Long.parseLong(command.get(command.size() - 1));
  }

  /** The longest timeout of any command, counting a command without one as the default. */
  private static Duration longestTimeout(JsonNode commands) {
    Duration longest = Duration.ZERO;
    for (JsonNode command : commands) {
      Duration own =
          command.has("timeout")
              ? Durations.parse(command.path("timeout").asText())
              : CommandConfig.DEFAULT_TIMEOUT;
      Duration nested = longestTimeout(command.path("commands"));
      longest = max(longest, max(own, nested));
    }
    return longest;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static boolean matches(JsonNode selector, JsonNode labels) {
    return !selector.isEmpty()
        && stream(selector.fields())
            .allMatch(e -> labels.path(e.getKey()).asText().equals(e.getValue().asText()));
  }

  private static String env(JsonNode container, String name) {
    return stream(container.path("env"))
        .filter(e -> e.path("name").asText().equals(name))
        .map(e -> e.path("value").asText())
        .findFirst()
        .orElse("");
  }

  private static List<String> texts(JsonNode array) {
    return stream(array).map(JsonNode::asText).collect(Collectors.toList());
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }

  private static <T> Stream<T> stream(java.util.Iterator<T> iterator) {
    Iterable<T> iterable = () -> iterator;
    return StreamSupport.stream(iterable.spliterator(), false);
  }
}
