package dev.commandeer.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image as the Dockerfile describes it. There is no Docker engine where the tests
 * run, so the build itself is not executed; the entrypoint script it installs is, under {@code sh},
 * with a stand-in for {@code java}.
 */
class DockerfileTest {

  private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?");
  private static final Pattern COPY_FROM =
      Pattern.compile("(?m)^COPY\\s+(?:--\\S+\\s+)*--from=(\\S+)");
  private static final Pattern SCRIPT =
      Pattern.compile(
          "<<'SCRIPT' /usr/local/bin/commandeer-entrypoint\\n(.*?)\\nSCRIPT\\n", Pattern.DOTALL);

  private final String dockerfile = ProjectFiles.read("Dockerfile");

  @TempDir Path dir;

  @Test
  void runtime_stage_copies_the_jar_from_the_build_stage_declared_before_it() {
    List<String> stages = new ArrayList<>();
    Matcher from = FROM.matcher(dockerfile);
    while (from.find()) {
      stages.add(from.group(2));
    }
    Matcher copy = COPY_FROM.matcher(dockerfile);

    assertThat(stages).containsExactly("build", "runtime");
    assertThat(copy.find()).isTrue();
    assertThat(copy.group(1)).isEqualTo("build");
    assertThat(dockerfile.indexOf("--from=build")).isGreaterThan(dockerfile.indexOf("AS runtime"));
    assertThat(dockerfile)
        .contains("COPY --from=build /build/target/commandeer.jar /opt/commandeer/commandeer.jar");
    assertThat(ProjectFiles.read("pom.xml")).contains("<finalName>commandeer</finalName>");
  }

  @Test
  void maven_dependencies_are_resolved_before_the_sources_arrive_and_cached_between_builds() {
    int pom = dockerfile.indexOf("COPY pom.xml");
    int offline = dockerfile.indexOf("dependency:go-offline");
    int sources = dockerfile.indexOf("COPY src/main");
    int pkg = dockerfile.indexOf("mvn -B -q package");

    assertThat(pom).isPositive().isLessThan(offline);
    assertThat(offline).isLessThan(sources);
    assertThat(sources).isLessThan(pkg);
    for (String mvn : lines("mvn ")) {
      int run = dockerfile.lastIndexOf("RUN ", dockerfile.indexOf(mvn));
      assertThat(dockerfile.substring(run, dockerfile.indexOf(mvn)))
          .as("the RUN of %s mounts the Maven cache", mvn.strip())
          .contains("--mount=type=cache,target=/root/.m2");
    }
  }

  @Test
  void runtime_image_is_a_java_17_jre_pinned_to_an_exact_release() {
    Matcher jre = Pattern.compile("(?m)^ARG JRE_IMAGE=(\\S+)").matcher(dockerfile);
    Matcher maven = Pattern.compile("(?m)^ARG MAVEN_IMAGE=(\\S+)").matcher(dockerfile);

    assertThat(jre.find()).isTrue();
    assertThat(jre.group(1))
        .matches("eclipse-temurin:17\\.\\d+\\.\\d+_\\d+-jre-[a-z]+(@sha256:[0-9a-f]{64})?");
    assertThat(maven.find()).isTrue();
    assertThat(maven.group(1)).matches("maven:3\\.\\d+\\.\\d+-eclipse-temurin-17.*");
    assertThat(dockerfile).contains("FROM ${JRE_IMAGE} AS runtime", "FROM ${MAVEN_IMAGE} AS build");
  }

  @Test
  void process_runs_as_a_numeric_unprivileged_user() {
    List<String> users = lines("USER ");

    assertThat(users).hasSize(1);
    assertThat(users.get(0).strip()).matches("USER [1-9][0-9]{3,}:[1-9][0-9]{3,}");
    assertThat(dockerfile.indexOf("USER ")).isGreaterThan(dockerfile.indexOf("AS runtime"));
    assertThat(dockerfile).contains("useradd --system --uid 10001 --gid 10001");
  }

  @Test
  void tini_is_pid_one_and_reaps_what_commands_leave_behind() {
    assertThat(lines("ENTRYPOINT "))
        .containsExactly(
            "ENTRYPOINT [\"/usr/bin/tini\", \"-e\", \"143\", \"--\","
                + " \"/usr/local/bin/commandeer-entrypoint\"]");
    assertThat(dockerfile)
        .containsPattern("apt-get install -y --no-install-recommends [^\\n]*\\btini\\b");
  }

  @Test
  void health_check_asks_the_liveness_endpoint() {
    assertThat(dockerfile)
        .containsPattern("(?m)^HEALTHCHECK .*\\n\\s+CMD curl -fsS [^\\n]*/healthz");
  }

  @Test
  void build_context_holds_only_what_the_build_copies() {
    List<String> patterns =
        ProjectFiles.read(".dockerignore")
            .lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();

    assertThat(patterns.get(0)).as("everything is left out unless named").isEqualTo("**");
    assertThat(patterns.subList(1, patterns.size()))
        .allMatch(p -> p.startsWith("!pom.xml") || p.startsWith("!src/main"));
    assertThat(patterns).contains("!pom.xml").anyMatch(p -> p.startsWith("!src/main"));
  }

  @Test
  void entrypoint_exports_each_secret_file_as_a_variable_without_its_trailing_newline()
      throws IOException {
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    Files.writeString(secrets.resolve("MM_HOOK_TOKEN"), "hook-token-value\n");
    Files.writeString(secrets.resolve("DATABASE_URL"), "postgresql://u:p@db:5432/c");
    Files.createDirectories(secrets.resolve("..data"));

    runEntrypoint(secrets, "serve").succeeded();

    assertThat(javaEnv())
        .contains("MM_HOOK_TOKEN=hook-token-value", "DATABASE_URL=postgresql://u:p@db:5432/c");
  }

  @Test
  void entrypoint_starts_java_with_the_container_flags_and_passes_the_arguments_on()
      throws IOException {
    runEntrypoint(dir.resolve("no-secrets-here"), "serve", "--config", "/etc/commandeer/c.yaml")
        .succeeded();

    List<String> argv = Files.readAllLines(dir.resolve("java.args"));
    assertThat(argv)
        .startsWith("-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError")
        .endsWith(
            "-jar",
            "/opt/commandeer/commandeer.jar",
            "serve",
            "--config",
            "/etc/commandeer/c.yaml");
  }

  @Test
  void the_class_data_archive_recorded_at_build_is_the_one_every_start_maps() throws IOException {
    runEntrypoint(dir.resolve("no-secrets-here"), "serve").succeeded();
    List<String> argv = Files.readAllLines(dir.resolve("java.args"));
    Matcher training =
        Pattern.compile(
                "java -XX:ArchiveClassesAtExit=(\\S+)[^\\n]*\\\\\\s+-jar (\\S+) serve [^\\n]*--exit-when-ready")
            .matcher(dockerfile);

    assertThat(training.find()).as("a training start records the archive").isTrue();
    assertThat(argv).contains("-XX:SharedArchiveFile=" + training.group(1), "-Xshare:auto");
    assertThat(argv).contains(training.group(2));
    assertThat(dockerfile.indexOf(training.group(0)))
        .as("recorded after the jar is in place, so the archive matches it")
        .isGreaterThan(dockerfile.indexOf("COPY --from=build /build/target/commandeer.jar"));
  }

  @Test
  void entrypoint_refuses_a_secret_file_not_named_like_a_variable() throws IOException {
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    Files.writeString(secrets.resolve("mm-hook-token"), "value");

    ProcessRun run = runEntrypoint(secrets, "serve");

    assertThat(run.exitCode()).isEqualTo(64);
    assertThat(run.stderr()).contains("mm-hook-token");
    assertThat(dir.resolve("java.args")).doesNotExist();
  }

  private ProcessRun runEntrypoint(Path secrets, String... args) throws IOException {
    Matcher script = SCRIPT.matcher(dockerfile);
    assertThat(script.find()).as("the Dockerfile installs the entrypoint from a heredoc").isTrue();
    Path entrypoint = dir.resolve("commandeer-entrypoint");
    Files.writeString(entrypoint, script.group(1) + "\n", StandardCharsets.UTF_8);
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(
        java, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$OUT/java.args\"\nenv > \"$OUT/java.env\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> argv = new ArrayList<>(List.of("/bin/sh", entrypoint.toString()));
    argv.addAll(List.of(args));
    return ProcessRun.of(
        Duration.ofSeconds(30),
        dir,
        Map.of(
            "PATH", bin + ":/usr/bin:/bin",
            "SECRETS_DIR", secrets.toString(),
            "OUT", dir.toString()),
        argv);
  }

  private List<String> javaEnv() throws IOException {
    return Files.readAllLines(dir.resolve("java.env"));
  }

  private List<String> lines(String prefix) {
    return dockerfile.lines().filter(l -> l.stripLeading().startsWith(prefix)).toList();
  }
}
