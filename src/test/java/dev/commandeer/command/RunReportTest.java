package dev.commandeer.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.exec.ProcessResult;
import dev.commandeer.exec.ProcessResult.Outcome;
import dev.commandeer.exec.ProcessResult.Output;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunReportTest {

  @Test
  void says_why_a_run_was_aborted() {
    ProcessResult aborted =
        new ProcessResult(
            -1,
            Outcome.ABORTED,
            Duration.ofSeconds(2),
            Output.EMPTY,
            Output.EMPTY,
            "commandeer-spawn stopped: killed by signal 9; the program was killed");

    String text = RunReport.format("deploy api", aborted, Duration.ofMinutes(1));

    assertThat(text)
        .startsWith(
            "❌ `deploy api` was aborted after 2.0s: commandeer-spawn stopped: killed by signal 9;"
                + " the program was killed");
  }
}
