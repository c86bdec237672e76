package dev.commandeer.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
  void every_character_of_new_ids_varies() {
    List<String> ids = IntStream.range(0, 2000).mapToObj(i -> RunIds.next()).toList();

    for (int position = 0; position < 8; position++) {
      int at = position;
      assertThat(ids.stream().map(id -> id.charAt(at)).distinct().count())
          .as("characters seen at position %d", at)
          .isEqualTo(32);
    }
  }

  @Test
  void ids_drawn_on_many_threads_at_once_differ() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<String>>> drawn = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        drawn.add(
            pool.submit(() -> IntStream.range(0, 1000).mapToObj(i -> RunIds.next()).toList()));
      }
      List<String> ids = new ArrayList<>();
      for (Future<List<String>> f : drawn) {
        ids.addAll(f.get(10, TimeUnit.SECONDS));
      }

      assertThat(ids).hasSize(8000).doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
    }
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

  @Test
  void well_formed_ids_pack_into_40_bits_and_back() {
    for (String id : List.of("aaaaaaaa", "77777777", "k3v7qa2m", RunIds.next())) {
      long bits = RunIds.pack(id);

      assertThat(bits).isBetween(0L, (1L << 40) - 1);
      assertThat(RunIds.unpack(bits)).isEqualTo(id);
    }
    assertThat(RunIds.pack("aaaaaaaa")).isZero();
    assertThat(RunIds.pack("77777777")).isEqualTo((1L << 40) - 1);
  }

  @Test
  void other_text_does_not_pack() {
    for (String id : List.of("", "run-1", "K3V7QA2M", "k1v7qa0m", "k3v7qa2", "k3v7qa2mm")) {
      assertThat(RunIds.pack(id)).as(id).isEqualTo(-1);
    }
  }
}
