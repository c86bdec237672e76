package dev.commandeer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void formats_in_the_largest_unit_that_is_exact() {
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMinutes(1))).isEqualTo("1m");
    assertThat(Durations.format(Duration.ofHours(36))).isEqualTo("36h");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void a_day_stays_24h_and_longer_whole_days_are_days() {
    assertThat(Durations.format(Duration.ofDays(1))).isEqualTo("24h");
    assertThat(Durations.format(Duration.ofDays(2))).isEqualTo("2d");
    assertThat(Durations.format(Duration.ofDays(3650))).isEqualTo("3650d");
  }

  @Test
  void what_it_formats_parses_back() {
    for (Duration d :
        List.of(
            Duration.ofMillis(250),
            Duration.ofSeconds(45),
            Duration.ofMinutes(90),
            Duration.ofHours(24),
            Duration.ofDays(30))) {
      assertThat(Durations.parse(Durations.format(d))).as(d.toString()).isEqualTo(d);
    }
  }
}
