package dev.commandeer.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RunIdsTest {

  @Test
  void new_ids_are_eight_lower_case_base32_characters() {
    assertThat(IntStream.range(0, 100).mapToObj(i -> RunIds.next()))
        .allMatch(id -> id.matches("[a-z2-7]{8}"));
  }

  @Test
  void new_ids_differ() {
    List<String> ids = IntStream.range(0, 2000).mapToObj(i -> RunIds.next()).toList();

    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void only_text_that_can_be_a_run_id_is_well_formed() {
    assertThat(RunIds.isWellFormed("k3v7qa2m")).isTrue();
    assertThat(RunIds.isWellFormed("K3V7QA2M")).isFalse();
    assertThat(RunIds.isWellFormed("k3v7qa2")).isFalse();
    assertThat(RunIds.isWellFormed("k3v7qa2m9")).isFalse();
    assertThat(RunIds.isWellFormed("k1v7qa0m")).isFalse();
    assertThat(RunIds.isWellFormed(null)).isFalse();
  }
}
