package dev.commandeer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.Commandeer;
import dev.commandeer.store.TestDatabase;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A service that cannot start says why, and does not hang. */
class StartFailureTest {

  @Test
  void start_on_a_port_already_in_use_fails_with_the_reason() throws Exception {
    assertStartFails("");
  }

  @Test
  void start_with_postgresql_on_a_port_already_in_use_fails_with_the_reason() throws Exception {
    TestDatabase database = TestDatabase.withFreshSchema();
    try {
      assertStartFails("store: {url: \"" + database.url() + "\"}\n");
    } finally {
      database.drop();
    }
  }

  private static void assertStartFails(String more) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String yaml =
          """
          server: {host: 127.0.0.1, port: %d}
          tokens: [{name: t, value: a-token-of-sixteen-chars}]
          """
                  .formatted(taken.getLocalPort())
              + more;

      long helpersBefore = helpers();

      Throwable failure =
          Commandeer.start(TestService.config(yaml))
              .toCompletionStage()
              .toCompletableFuture()
              .handle((service, e) -> e)
              .get(30, TimeUnit.SECONDS);

      assertThat(failure).isNotNull();
      assertThat(rootOf(failure).getMessage()).containsIgnoringCase("address already in use");
      assertThat(helpers()).as("commandeer-spawn processes left running").isEqualTo(helpersBefore);
    }
  }

  /** This JVM's live children that are a program launcher. */
  private static long helpers() {
    return ProcessHandle.current()
        .children()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().orElse("").endsWith("commandeer-spawn"))
        .count();
  }

  private static Throwable rootOf(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
