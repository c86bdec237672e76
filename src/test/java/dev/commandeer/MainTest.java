package dev.commandeer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void has_the_jdk_start_programs_with_vfork_on_the_versions_that_offer_it() {
    assertThat(Main.launchMechanism(null, 17)).isEqualTo("VFORK");
    assertThat(Main.launchMechanism(null, 22)).isEqualTo("VFORK");
    assertThat(Main.launchMechanism(null, 23)).isNull();
  }

  @Test
  void keeps_a_launch_mechanism_the_user_chose() {
    assertThat(Main.launchMechanism("POSIX_SPAWN", 17)).isNull();
  }

  @Test
  void leaves_netty_flight_recorder_events_out_unless_the_user_asked_for_them() {
    assertThat(Main.nettyJfr(null)).isEqualTo("false");
    assertThat(Main.nettyJfr("true")).isNull();
  }
}
