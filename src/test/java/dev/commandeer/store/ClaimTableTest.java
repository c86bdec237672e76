package dev.commandeer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClaimTableTest {

  @Test
  void the_first_claim_wins_and_later_ones_learn_the_holder() {
    ClaimTable table = new ClaimTable(100);
    String run = RunIds.next();

    assertThat(table.claim("post:abc", run, 0, 1_000)).isNull();
    assertThat(table.claim("post:abc", RunIds.next(), 10, 1_010)).isEqualTo(run);
    assertThat(table.claim("trigger:abc", RunIds.next(), 10, 1_010)).isNull();
    assertThat(table.size()).isEqualTo(2);
  }

  @Test
  void the_holder_is_looked_up_without_claiming() {
    ClaimTable table = new ClaimTable(100);
    assertThat(table.holder("post:abc", 0)).isNull();
    table.claim("post:abc", "k3v7qa2m", 0, 1_000);

    assertThat(table.holder("post:abc", 999)).isEqualTo("k3v7qa2m");
    assertThat(table.holder("post:abc", 1_000)).as("expired").isNull();
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void an_expired_key_is_claimed_anew() {
    ClaimTable table = new ClaimTable(100);
    table.claim("post:abc", "k3v7qa2m", 0, 1_000);

    assertThat(table.claim("post:abc", "aaaaaaaa", 1_000, 2_000)).isNull();
    assertThat(table.claim("post:abc", "bbbbbbbb", 1_500, 2_500)).isEqualTo("aaaaaaaa");
  }

  @Test
  void holders_of_any_form_come_back_as_given() {
    ClaimTable table = new ClaimTable(100);
    table.claim("a", "run-1", 0, 100);
    table.claim("b", "k3v7qa2m", 0, 100);
    table.claim("c", "", 0, 100);

    assertThat(table.claim("a", "x", 1, 101)).isEqualTo("run-1");
    assertThat(table.claim("b", "x", 1, 101)).isEqualTo("k3v7qa2m");
    assertThat(table.claim("c", "x", 1, 101)).isEmpty();
  }

  @Test
  void beyond_the_limit_the_oldest_claims_go_first() {
    ClaimTable table = new ClaimTable(3);
    for (String key : new String[] {"a", "b", "c", "d"}) {
      table.claim(key, "run-" + key, 0, 1_000);
    }

    assertThat(table.size()).isEqualTo(3);
    assertThat(table.claim("d", "x", 1, 1_000)).isEqualTo("run-d");
    assertThat(table.claim("b", "x", 1, 1_000)).isEqualTo("run-b");
    assertThat(table.claim("a", "again", 1, 1_000)).as("dropped as the oldest").isNull();
  }

  @Test
  void expired_claims_are_dropped_when_new_ones_come() {
    ClaimTable table = new ClaimTable(1_000);
    for (int i = 0; i < 500; i++) {
      table.claim("old:" + i, "r", 0, 100);
    }
    table.claim("new", "r", 200, 300);

    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void a_limit_below_one_is_refused() {
    assertThatThrownBy(() -> new ClaimTable(0)).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * The table against the plain map it replaces, over many random claims: few distinct keys so that
   * keys are claimed again, expire, are dropped at the limit and collide in the probe runs.
   */
  @Test
  void behaves_like_an_ordered_map_under_churn() {
    Random random = new Random(7);
    for (int limit : new int[] {1, 2, 7, 64, 300}) {
      ClaimTable table = new ClaimTable(limit);
      Model model = new Model(limit);
      long now = 0;
      for (int step = 0; step < 60_000; step++) {
        now += random.nextInt(3);
        String key = "post:" + random.nextInt(limit * 3 + 5);
        String run = random.nextBoolean() ? RunIds.next() : "run-" + step;
        long expires = now + 1 + random.nextInt(400);
        String expected = model.claim(key, run, now, expires);

        assertThat(table.claim(key, run, now, expires))
            .as("limit %d, step %d, key %s", limit, step, key)
            .isEqualTo(expected);
        assertThat(table.size()).isEqualTo(model.size());
      }
    }
  }

  /** The semantics the table keeps: a map ordered by claim, trimmed from the eldest end. */
  private static final class Model {
    private record Claim(String run, long expires) {}

    private final int limit;
    private final LinkedHashMap<String, Claim> claims = new LinkedHashMap<>();

    Model(int limit) {
      this.limit = limit;
    }

    String claim(String key, String run, long now, long expires) {
      Claim held = claims.get(key);
      if (held != null && held.expires() > now) {
        return held.run();
      }
      claims.remove(key);
      Iterator<Map.Entry<String, Claim>> eldest = claims.entrySet().iterator();
      while (eldest.hasNext()) {
        Claim claim = eldest.next().getValue();
        if (claims.size() >= limit || claim.expires() <= now) {
          eldest.remove();
        } else {
          break;
        }
      }
      claims.put(key, new Claim(run, expires));
      return null;
    }

    int size() {
      return claims.size();
    }
  }
}
