package dev.commandeer.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecentProgramsTest {

  private static final ProcessSpec ECHO = TestPrograms.spec(Duration.ofSeconds(5), "echo", "hi");
  private static final Path BIN_ECHO = Path.of("/bin/echo");

  @Test
  void knows_nothing_of_a_program_it_was_not_told_about() {
    assertThat(new RecentPrograms().get(ECHO)).isEqualTo(RecentPrograms.Lookup.NONE);
  }

  @Test
  void gives_a_program_found_recently_without_asking_for_a_check() {
    RecentPrograms recent = new RecentPrograms(Duration.ofMinutes(1));
    recent.put(ECHO, BIN_ECHO);

    assertThat(recent.get(ECHO)).isEqualTo(new RecentPrograms.Lookup(BIN_ECHO, false));
    assertThat(recent.get(ECHO)).isEqualTo(new RecentPrograms.Lookup(BIN_ECHO, false));
  }

  @Test
  void keeps_giving_an_old_entry_and_asks_exactly_one_caller_to_check_it_again() {
    RecentPrograms recent = new RecentPrograms(Duration.ZERO);
    recent.put(ECHO, BIN_ECHO);

    RecentPrograms.Lookup first = recent.get(ECHO);
    RecentPrograms.Lookup second = recent.get(ECHO);
    recent.put(ECHO, BIN_ECHO); // the check found it again
    RecentPrograms.Lookup afterCheck = recent.get(ECHO);

    assertThat(first).isEqualTo(new RecentPrograms.Lookup(BIN_ECHO, true));
    assertThat(second).isEqualTo(new RecentPrograms.Lookup(BIN_ECHO, false));
    assertThat(afterCheck).isEqualTo(new RecentPrograms.Lookup(BIN_ECHO, true));
  }

  @Test
  void forgets_a_program_a_check_did_not_find() {
    RecentPrograms recent = new RecentPrograms(Duration.ZERO);
    recent.put(ECHO, BIN_ECHO);

    recent.remove(ECHO);

    assertThat(recent.get(ECHO)).isEqualTo(RecentPrograms.Lookup.NONE);
  }

  @Test
  void tells_programs_apart_by_name_search_path_and_working_directory() {
    RecentPrograms recent = new RecentPrograms(Duration.ofMinutes(1));
    recent.put(ECHO, BIN_ECHO);
    ProcessSpec elsewhere =
        new ProcessSpec(
            "run-2",
            ECHO.argv(),
            ECHO.env(),
            Path.of("/tmp"),
            ECHO.timeout(),
            ECHO.maxOutputBytes());

    assertThat(recent.get(elsewhere)).isEqualTo(RecentPrograms.Lookup.NONE);
  }
}
