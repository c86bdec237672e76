package dev.commandeer.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgvTemplateTest {

  @Test
  void replaces_placeholders_inside_their_own_elements() {
    ArgvTemplate template =
        ArgvTemplate.parse(List.of("/opt/ops/deploy.sh", "{service}", "--env={env}", "{a}-{b}"));

    List<String> argv =
        template.expand(Map.of("service", "api", "env", "staging", "a", "x", "b", "y"));

    assertThat(argv).containsExactly("/opt/ops/deploy.sh", "api", "--env=staging", "x-y");
  }

  @Test
  void never_splits_or_joins_elements_whatever_the_values_contain() {
    ArgvTemplate template = ArgvTemplate.parse(List.of("/bin/prog", "{text}", "--name={name}"));
    String hostile = "; rm -rf / && $(id) `id` \"x\" 'y'\n--force *";

    List<String> argv = template.expand(Map.of("text", hostile, "name", "a b --evil"));

    assertThat(argv).containsExactly("/bin/prog", hostile, "--name=a b --evil");
  }

  @Test
  void keeps_an_element_that_was_a_lone_placeholder_when_its_value_is_empty_or_missing() {
    ArgvTemplate template = ArgvTemplate.parse(List.of("/bin/prog", "{given}", "{missing}", "end"));
    Map<String, String> values = new HashMap<>();
    values.put("given", "");

    assertThat(template.expand(values)).containsExactly("/bin/prog", "", "", "end");
  }

  @Test
  void writes_doubled_braces_as_literal_braces() {
    ArgvTemplate template =
        ArgvTemplate.parse(List.of("/bin/jq", "{{\"svc\": \"{svc}\"}}", "}}{{"));

    assertThat(template.expand(Map.of("svc", "api")))
        .containsExactly("/bin/jq", "{\"svc\": \"api\"}", "}{");
  }

  @Test
  void does_not_expand_placeholders_that_arrive_inside_values() {
    ArgvTemplate template = ArgvTemplate.parse(List.of("/bin/prog", "{a}", "{b}"));

    assertThat(template.expand(Map.of("a", "{b}", "b", "secret")))
        .containsExactly("/bin/prog", "{b}", "secret");
  }

  @Test
  void lists_its_placeholders_for_checking_against_the_declared_arguments() {
    ArgvTemplate template =
        ArgvTemplate.parse(List.of("/bin/prog", "{service}", "--env={env}", "{service}", "{{x}}"));

    assertThat(template.placeholders()).containsExactlyInAnyOrder("service", "env");
  }

  @Test
  void rejects_templates_that_are_not_well_formed_naming_the_element() {
    assertThatThrownBy(() -> ArgvTemplate.parse(List.of("/bin/prog", "ok", "{service")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("run[2]: unclosed '{'");
    assertThatThrownBy(() -> ArgvTemplate.parse(List.of("/bin/prog", "a}b")))
        .hasMessageStartingWith("run[1]: lone '}'");
    assertThatThrownBy(() -> ArgvTemplate.parse(List.of("/bin/prog", "{}")))
        .hasMessageStartingWith("run[1]: \"{}\" is not a placeholder");
    assertThatThrownBy(() -> ArgvTemplate.parse(List.of("/bin/prog", "{two words}")))
        .hasMessageStartingWith("run[1]: \"{two words}\" is not a placeholder");
    assertThatThrownBy(() -> ArgvTemplate.parse(List.of())).hasMessageContaining("program");
  }

  @Test
  void refuses_to_let_arguments_choose_the_program() {
    assertThatThrownBy(() -> ArgvTemplate.parse(List.of("{tool}", "x")))
        .hasMessageStartingWith("run[0]:");
    assertThatThrownBy(() -> ArgvTemplate.parse(List.of("/opt/tools/{tool}")))
        .hasMessageStartingWith("run[0]:");
    assertThatThrownBy(() -> ArgvTemplate.parse(List.of("", "x")))
        .hasMessageStartingWith("run[0]:");
  }
}
