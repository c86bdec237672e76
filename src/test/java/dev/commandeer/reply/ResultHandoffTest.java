package dev.commandeer.reply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultHandoffTest {

  private final ResultHandoff handoff = new ResultHandoff();

  @Test
  void a_sender_offered_before_the_run_ends_is_what_the_run_hands_its_result() {
    ResultHandoff.Sender sender = (message, outcome) -> {};

    assertThat(handoff.offer(sender)).isTrue();

    assertThat(handoff.take()).isSameAs(sender);
  }

  @Test
  void a_run_that_ended_before_any_offer_records_its_outcome_itself_and_refuses_later_offers() {
    assertThat(handoff.take()).isNull();

    assertThat(handoff.offer((message, outcome) -> {})).isFalse();
  }

  @Test
  void only_the_first_offer_counts() {
    ResultHandoff.Sender first = (message, outcome) -> {};

    handoff.offer(first);

    assertThat(handoff.offer((message, outcome) -> {})).isFalse();
    assertThat(handoff.take()).isSameAs(first);
  }
}
