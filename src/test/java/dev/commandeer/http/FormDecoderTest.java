package dev.commandeer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormDecoderTest {

  private static Map<String, List<String>> body(String form) {
    return FormDecoder.decode(form.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void fields_keep_their_order_and_repeated_keys_every_value() {
    Map<String, List<String>> fields =
        body("token=t&text=deploy+web&user_mentions=a&user_mentions=b&empty=&bare");

    assertThat(fields.keySet()).containsExactly("token", "text", "user_mentions", "empty", "bare");
    assertThat(fields.get("text")).containsExactly("deploy web");
    assertThat(fields.get("user_mentions")).containsExactly("a", "b");
    assertThat(fields.get("empty")).containsExactly("");
    assertThat(fields.get("bare")).containsExactly("");
  }

  @Test
  void escapes_are_decoded_as_utf8_in_keys_and_values() {
    Map<String, List<String>> fields = body("te%78t=caf%C3%A9+%F0%9F%9A%80%26%3D%2B&a=b=c");

    assertThat(fields.get("text")).containsExactly("café 🚀&=+");
    assertThat(fields.get("a")).as("only the first = separates").containsExactly("b=c");
  }

  @Test
  void empty_pairs_are_skipped() {
    assertThat(body("")).isEmpty();
    assertThat(body("&&a=1&&")).containsOnlyKeys("a");
  }

  @Test
  void a_query_string_decodes_the_same_way() {
    assertThat(FormDecoder.decode("text=caf%C3%A9&x").get("text")).containsExactly("café");
  }

  @Test
  void malformed_input_is_a_bad_request_not_a_guess() {
    assertThatThrownBy(() -> body("text=echo%E2%8"))
        .isInstanceOf(BadRequest.class)
        .hasMessageContaining("incomplete percent escape");
    assertThatThrownBy(() -> body("text=%zz"))
        .isInstanceOf(BadRequest.class)
        .hasMessageContaining("invalid percent escape");
    assertThatThrownBy(() -> body("text=%FF%FE"))
        .isInstanceOf(BadRequest.class)
        .hasMessageContaining("not valid UTF-8");
    assertThatThrownBy(() -> body("text=caf\u00e9"))
        .isInstanceOf(BadRequest.class)
        .hasMessageContaining("non-ASCII byte");
    assertThatThrownBy(() -> FormDecoder.decode("text=caf\u00e9"))
        .isInstanceOf(BadRequest.class)
        .hasMessageContaining("non-ASCII character");
  }
}
