package dev.commandeer.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.commandeer.exec.ProcessResult.Output;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputCaptureTest {

  static Output capture(byte[] bytes, int cap) {
    OutputCapture capture = new OutputCapture(new ByteArrayInputStream(bytes), cap);
    capture.run();
    assertThat(capture.done()).isCompleted();
    return capture.snapshot();
  }

  @Test
  void keeps_the_first_bytes_up_to_the_cap_and_counts_everything() {
    Output output = capture("x".repeat(100_000).getBytes(StandardCharsets.UTF_8), 1000);

    assertThat(output.text()).isEqualTo("x".repeat(1000));
    assertThat(output.totalBytes()).isEqualTo(100_000);
    assertThat(output.truncated()).isTrue();
  }

  @Test
  void keeps_everything_when_under_the_cap() {
    Output output = capture("grüße\n".getBytes(StandardCharsets.UTF_8), 1000);

    assertThat(output).isEqualTo(new Output("grüße\n", 8, false));
  }

  @Test
  void leaves_out_a_character_cut_in_half_by_the_cap() {
    byte[] bytes = "abé€".getBytes(StandardCharsets.UTF_8); // 2 + 2 + 3 bytes

    assertThat(capture(bytes, 3).text()).isEqualTo("ab");
    assertThat(capture(bytes, 5).text()).isEqualTo("abé");
    assertThat(capture(bytes, 6).text()).isEqualTo("abé");
    assertThat(capture(bytes, 7).text()).isEqualTo("abé€");
  }

  @Test
  void replaces_malformed_bytes() {
    byte[] bytes = {'o', 'k', (byte) 0xff, ' ', (byte) 0xc3};

    assertThat(capture(bytes, 100).text()).isEqualTo("ok\uFFFD \uFFFD");
  }

  @Test
  void captures_nothing_with_a_cap_of_zero_but_still_counts() {
    assertThat(capture(new byte[] {1, 2, 3}, 0)).isEqualTo(new Output("", 3, true));
  }
}
